// Calls a contract channel and keeps its answer, its error and a reload function together,
// so screens show loading, data and failure the same way everywhere.
import { useCallback, useEffect, useState } from 'react';
import type { LecternApi } from '../../../preload/contract/api.ts';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../preload/contract/channels.ts';
import { ContractError } from '../../../preload/contract/errors.ts';

export interface CallState<C extends ChannelName> {
  data: ChannelOutput<C> | null;
  error: ContractError | null;
  loading: boolean;
  reload: () => void;
}

export function useStationCall<C extends ChannelName>(
  station: LecternApi,
  channel: C,
  input: ChannelInput<C> | null,
): CallState<C> {
  const [data, setData] = useState<ChannelOutput<C> | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [loading, setLoading] = useState(input !== null);
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(input);

  useEffect(() => {
    if (input === null) return;
    let current = true;
    setLoading(true);
    station
      .invoke(channel, input)
      .then((value) => {
        if (!current) return;
        setData(value);
        setError(null);
      })
      .catch((reason: unknown) => {
        if (!current) return;
        setError(
          reason instanceof ContractError ? reason : new ContractError({ code: 'INTERNAL', message: String(reason) }),
        );
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // `key` stands for `input`: a new object with the same content must not refetch.
  }, [station, channel, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

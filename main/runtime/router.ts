// The one place a contract call is dispatched. Both transports (Electron IPC and the browser
// shell) hand it a channel name and an untrusted payload and get back an envelope; nothing a
// caller sends can make it throw.
import type { z } from 'zod';
import { channels, isChannelName, type ChannelName, type ChannelOutput } from '../../preload/contract/channels.ts';
import { ContractError, type Envelope } from '../../preload/contract/errors.ts';
import type { Logger } from './logger.ts';
import { Refused } from './refusal.ts';

export type Handler<C extends ChannelName> = (
  input: z.output<(typeof channels)[C]['input']>,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  dispatch(channel: string, rawInput: unknown): Promise<Envelope>;
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function createRouter(handlers: Handlers, log: Logger): Router {
  async function run<C extends ChannelName>(channel: C, rawInput: unknown): Promise<Envelope> {
    const spec = channels[channel];
    const input = spec.input.safeParse(rawInput ?? {});
    if (!input.success) {
      return {
        ok: false,
        error: { code: 'VALIDATION', message: `Invalid input for ${channel}`, issues: issuesOf(input.error) },
      };
    }
    const handler = handlers[channel] as Handler<C>;
    const value = await handler(input.data as z.output<(typeof channels)[C]['input']>);
    // An output that breaks the contract is our bug; refuse to pass it on rather than let
    // the renderer act on a shape it was never promised.
    const output = spec.output.safeParse(value);
    if (!output.success) {
      log.error('contract.output_invalid', { channel, issues: issuesOf(output.error) });
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `The station produced an invalid answer for ${channel}` },
      };
    }
    return { ok: true, value: output.data };
  }

  /** A domain's refusal, answered as `{ refused }` where the channel's contract allows it. */
  function refusal(channel: ChannelName, error: Refused): Envelope {
    const answer = { refused: error.code };
    if (channels[channel].output.safeParse(answer).success) return { ok: true, value: answer };
    log.error('contract.refusal_not_allowed', { channel, refused: error.code, message: error.message });
    return { ok: false, error: { code: 'INTERNAL', message: `The station could not complete ${channel}` } };
  }

  return {
    async dispatch(channel, rawInput) {
      if (!isChannelName(channel)) {
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel: ${channel.slice(0, 100)}` } };
      }
      try {
        return await run(channel, rawInput);
      } catch (error) {
        if (error instanceof ContractError) return { ok: false, error: error.toData() };
        if (error instanceof Refused) return refusal(channel, error);
        log.error('contract.handler_failed', { channel, error: String(error) });
        return { ok: false, error: { code: 'INTERNAL', message: `The station could not complete ${channel}` } };
      }
    },
  };
}

// How a class playlist moves: pure functions from one playlist to the next, no clock, no
// database (playlist.ts stores them and stops the player when the item changes).
//
//   stopped ──play──▶ playing ◀──play── paused
//      ▲                 │ pause ──────────▲
//      │                 │ next / the lesson ended
//      │                 ▼
//      └──────── the next item (same state) … after the last: finished ──play──▶ from the top
//
// `current` is the item playing or next to play; it equals the number of items once
// finished. Advancing keeps playing when it played (the class goes on by itself) and stays
// stopped when it was paused or stopped, so nothing starts on the projector unasked.
import { Refused } from '../runtime/refusal.ts';

export type PlaylistItem = { key: string; kind: 'lesson' | 'live'; id: string };
export type PlaylistState = 'stopped' | 'playing' | 'paused' | 'finished';
export type Playlist = { items: PlaylistItem[]; current: number; state: PlaylistState; positionS: number };

export type PlaylistControl = 'play' | 'pause' | 'next' | 'playItem';

export type PlaylistEdit =
  | { action: 'addLesson'; lessonId: string }
  | { action: 'addLive'; channelId: string }
  | { action: 'remove'; itemKey: string }
  | { action: 'moveUp'; itemKey: string }
  | { action: 'moveDown'; itemKey: string };

export const EMPTY_PLAYLIST: Playlist = { items: [], current: 0, state: 'stopped', positionS: 0 };

export function currentItem(playlist: Playlist): PlaylistItem | null {
  return playlist.state === 'finished' ? null : (playlist.items[playlist.current] ?? null);
}

function indexOf(playlist: Playlist, itemKey: string): number {
  const index = playlist.items.findIndex((item) => item.key === itemKey);
  if (index === -1) throw new Refused('no_such_item', `No item ${itemKey} in the playlist`);
  return index;
}

/** Moves to item `index` from its start, playing or not. */
function moveTo(playlist: Playlist, index: number, playing: boolean): Playlist {
  if (index >= playlist.items.length)
    return { ...playlist, current: playlist.items.length, state: 'finished', positionS: 0 };
  return { ...playlist, current: index, state: playing ? 'playing' : 'stopped', positionS: 0 };
}

export function applyControl(playlist: Playlist, action: PlaylistControl, itemKey?: string): Playlist {
  switch (action) {
    case 'play':
      if (playlist.items.length === 0) throw new Refused('playlist_empty', 'The playlist has nothing to play');
      if (playlist.state === 'finished') return moveTo(playlist, 0, true);
      return { ...playlist, state: 'playing' };
    case 'pause':
      return playlist.state === 'playing' ? { ...playlist, state: 'paused' } : playlist;
    case 'next':
      if (playlist.state === 'finished') return playlist;
      return moveTo(playlist, playlist.current + 1, playlist.state === 'playing');
    case 'playItem':
      return moveTo(playlist, indexOf(playlist, itemKey ?? ''), true);
  }
}

/**
 * The projector's lesson `itemKey` played to its end: the next item follows, playing. A live
 * channel never ends by itself (its player reconnects); an item that is no longer current
 * (the organiser moved on meanwhile) changes nothing. Null when nothing changes.
 */
export function afterEnded(playlist: Playlist, itemKey: string): Playlist | null {
  const item = currentItem(playlist);
  if (!item || item.key !== itemKey || item.kind !== 'lesson' || playlist.state !== 'playing') return null;
  return moveTo(playlist, playlist.current + 1, true);
}

/** Where an added item goes: a lesson at the end; a live lecture before whatever has not played yet. */
function insertAt(playlist: Playlist, kind: PlaylistItem['kind']): number {
  if (kind === 'lesson') return playlist.items.length;
  if (playlist.state === 'stopped' || playlist.state === 'finished') return playlist.current;
  return playlist.current + 1;
}

export function applyEdit(playlist: Playlist, edit: PlaylistEdit, newKey: string, maxItems: number): Playlist {
  switch (edit.action) {
    case 'addLesson':
    case 'addLive': {
      if (playlist.items.length >= maxItems)
        throw new Refused('playlist_full', `A playlist holds at most ${maxItems} items`);
      const item: PlaylistItem =
        edit.action === 'addLesson'
          ? { key: newKey, kind: 'lesson', id: edit.lessonId }
          : { key: newKey, kind: 'live', id: edit.channelId };
      const at = insertAt(playlist, item.kind);
      const items = [...playlist.items.slice(0, at), item, ...playlist.items.slice(at)];
      // A finished playlist given something new has it next.
      return playlist.state === 'finished'
        ? { ...playlist, items, current: at, state: 'stopped', positionS: 0 }
        : { ...playlist, items };
    }
    case 'remove': {
      const index = indexOf(playlist, edit.itemKey);
      const onProjector = index === playlist.current && (playlist.state === 'playing' || playlist.state === 'paused');
      if (onProjector)
        throw new Refused('playlist_item_playing', 'The item on the projector cannot be removed; move on first');
      const items = playlist.items.filter((_, i) => i !== index);
      const current = index < playlist.current ? playlist.current - 1 : playlist.current;
      return {
        ...playlist,
        items,
        current,
        positionS: index === playlist.current ? 0 : playlist.positionS,
        state: playlist.state === 'finished' || current < items.length ? playlist.state : 'finished',
      };
    }
    case 'moveUp':
    case 'moveDown': {
      const index = indexOf(playlist, edit.itemKey);
      const other = edit.action === 'moveUp' ? index - 1 : index + 1;
      if (other < 0 || other >= playlist.items.length) return playlist;
      const items = [...playlist.items];
      [items[index], items[other]] = [items[other]!, items[index]!];
      // The item on the projector stays current wherever it moves; before anything plays,
      // the place is what counts (what is moved to the top plays first).
      if (playlist.state !== 'playing' && playlist.state !== 'paused') return { ...playlist, items };
      const current = playlist.current === index ? other : playlist.current === other ? index : playlist.current;
      return { ...playlist, items, current };
    }
  }
}

import type { Place } from '../messages/index.ts';

/** A member's place in a JSON document: object keys and array indexes from the root. */
export type JsonPath = (string | number)[];

export interface DuplicateKey {
  path: JsonPath;
  place: Place;
  first: Place;
}

export type JsonFile =
  | { ok: true; data: unknown; duplicates: DuplicateKey[]; placeOf: (path: JsonPath) => Place | undefined }
  /** `problem` completes a sentence about the file: "… is not valid JSON: …". */
  | { ok: false; problem: string; place?: Place };

/**
 * Parses a JSON file's text: its data, where each member is, and the keys
 * that appear twice in one object (JSON.parse silently keeps the last). A
 * byte-order mark, as Windows editors save one, is not part of the JSON.
 */
export function parseJsonFile(text: string): JsonFile {
  const json = text.startsWith('\ufeff') ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    // V8 names the offset in its message ("… in JSON at position 28"), nothing more.
    const offset = /at position (\d+)/.exec(message)?.[1];
    return { ok: false, problem: `is not valid JSON: ${message}`, ...(offset === undefined ? {} : { place: placeAt(json, Number(offset)) }) };
  }
  const scanned = members(json);
  if ('problem' in scanned) return { ok: false, ...scanned };
  const { places, duplicates } = scanned;
  return {
    ok: true,
    data,
    duplicates,
    // A member's place, or its nearest enclosing member's.
    placeOf: (path) => {
      for (let length = path.length; length > 0; length -= 1) {
        const place = places.get(JSON.stringify(path.slice(0, length)));
        if (place) return place;
      }
      return undefined;
    },
  };
}

function placeAt(text: string, offset: number): Place {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

type Container = { path: JsonPath; keys: Map<string, Place>; key: string | null; expectsKey: boolean } | { path: JsonPath; index: number };

/** Deeper than any catalog needs (a .meta.json nests 3 levels), and bounds the work of following paths. */
export const MAX_JSON_DEPTH = 16;

/**
 * The place of every object member, and repeated keys. No package here gives
 * positions or repeated keys of JSON (the YAML parser does, but recurses and
 * ran out of memory on deeply nested input), so this walks the tokens of a
 * text JSON.parse has accepted, without recursion.
 */
function members(json: string): { places: Map<string, Place>; duplicates: DuplicateKey[] } | { problem: string; place: Place } {
  const places = new Map<string, Place>();
  const duplicates: DuplicateKey[] = [];
  const stack: Container[] = [];
  let line = 1;
  let lineStart = 0;
  const memberPath = (container: Container | undefined): JsonPath => {
    if (!container) return [];
    return 'index' in container ? [...container.path, container.index] : [...container.path, container.key ?? ''];
  };
  for (let index = 0; index < json.length; index += 1) {
    const character = json[index];
    if (character === '\n') {
      line += 1;
      lineStart = index + 1;
    } else if (character === '"') {
      let end = index + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top && 'keys' in top && top.expectsKey) {
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        const place = { line, column: index - lineStart + 1 };
        const first = top.keys.get(key);
        if (first) duplicates.push({ path: [...top.path, key], place, first });
        else top.keys.set(key, place);
        top.key = key;
        top.expectsKey = false;
        places.set(JSON.stringify([...top.path, key]), place);
      }
      index = end;
    } else if (character === '{' || character === '[') {
      if (stack.length === MAX_JSON_DEPTH) return { problem: `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`, place: placeAt(json, index) };
      const path = memberPath(stack.at(-1));
      stack.push(character === '{' ? { path, keys: new Map(), key: null, expectsKey: true } : { path, index: 0 });
    } else if (character === '}' || character === ']') {
      stack.pop();
    } else if (character === ',') {
      const top = stack.at(-1);
      if (top && 'index' in top) top.index += 1;
      else if (top) top.expectsKey = true;
    }
  }
  return { places, duplicates };
}

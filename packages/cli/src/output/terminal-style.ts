import { styleText } from 'node:util';

/** The colours `diff` uses. */
export type Colour = 'green' | 'yellow' | 'red' | 'dim';

/** Colours text when `enabled`; plain otherwise. */
export type Paint = (colour: Colour, text: string) => string;

/** Whether to colour a stream: a terminal, and neither `NO_COLOR` nor `TERM=dumb` set (`FORCE_COLOR` forces it). */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** A painter with Node's own `styleText`, or the identity. */
export function painter(enabled: boolean): Paint {
  return enabled ? (colour, text) => styleText(colour, text) : (_colour, text) => text;
}

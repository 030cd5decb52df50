/** A color the sample images use, with the name that answers "what color is ...". */
export interface NamedColor {
  name: string;
  hex: string;
}

/** Well-separated colors for full-color images; names are what a person would answer. */
export const FULL_COLORS: readonly NamedColor[] = [
  { name: 'red', hex: '#d62728' },
  { name: 'green', hex: '#2ca02c' },
  { name: 'blue', hex: '#1f5fd6' },
  { name: 'yellow', hex: '#f5d90a' },
  { name: 'orange', hex: '#ff7f0e' },
  { name: 'purple', hex: '#8e44ad' },
  { name: 'pink', hex: '#f06ab0' },
  { name: 'brown', hex: '#8c564b' },
  { name: 'black', hex: '#111111' },
  { name: 'white', hex: '#ffffff' },
  { name: 'gray', hex: '#8a8a8a' },
];

/** The only colors of grayscale images, so that color answers stay true after conversion. */
export const GRAY_COLORS: readonly NamedColor[] = [
  { name: 'black', hex: '#111111' },
  { name: 'white', hex: '#ffffff' },
  { name: 'gray', hex: '#808080' },
];

function channels(hex: string): [number, number, number] {
  const value = parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** Euclidean distance in RGB: shapes must stand out from the background to be countable. */
export function colorDistance(a: NamedColor, b: NamedColor): number {
  const [ar, ag, ab] = channels(a.hex);
  const [br, bg, bb] = channels(b.hex);
  return Math.hypot(ar - br, ag - bg, ab - bb);
}

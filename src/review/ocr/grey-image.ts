// A decoded greyscale frame, one byte a pixel, row after row: what both readers work on.
export interface GreyImage { data: Uint8Array; width: number; height: number }

/** The commonest grey: a screen's background. */
export function backgroundGrey(image: GreyImage): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < image.data.length; i++) histogram[image.data[i]!]!++;
  return histogram.indexOf(Math.max(...histogram));
}

import { z } from 'zod';

/**
 * Hard caps on an input image, checked before any pixel is decoded: an image over them is rejected
 * with a typed error rather than resized (decoding a huge file could exhaust memory).
 */
export const ImageLimitsSchema = z
  .object({
    /** Width * height of the (first page of the) image; over it -> ImageTooLargeError. */
    maxInputPixels: z.number().int().positive().default(100_000_000),
    /** File size in bytes; over it -> ImageDecodeError. */
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .default(512 * 1024 * 1024),
  })
  .strict();

/** Validated image caps. */
export type ImageLimits = z.infer<typeof ImageLimitsSchema>;

/** The caps used when a caller passes none. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = ImageLimitsSchema.parse({});

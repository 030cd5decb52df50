// Generated with Pillow 13.0.0: each file was written by PIL and decoded with transformers 5.17
// image_utils.load_image (exif_transpose + convert('RGB')); `rgb` is that result, HWC.
/** A small image file with the RGB that transformers load_image makes of it. */
export interface PilFixture {
  name: string;
  note: string;
  base64: string;
  width: number;
  height: number;
  rgb: number[];
}

/** Files covering the RGB conversions and orientation handling, with PIL's decoded RGB. */
export const PIL_FIXTURES: PilFixture[] = [
  {
    name: 'cmyk.jpg',
    note: 'CMYK JPEG (Adobe, inverted samples), naive CMYK -> RGB',
    base64:
      '/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwACAQEBAQECAQEBAgICAgIEAwICAgIFBAQDBAYFBgYGBQYGBgcJCAYHCQcGBggLCAkKCgoKCgYICwwLCgwJCgoK/8AAFAgABAAGBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwDif+DhD4oeMf8Aheqf8TL/AJicnY/3W968b+I//BYP9uz+0P8Akqn8Z/5Zv/8AF15p/wAE2/gjJ/wVn/bW1X9nP9oz4u+MNF0TRfhte+JLW68E31tbXT3UN/p9qqO11BcIYil5KSAgbcqHcACD3f8AwanfBrwXp3wB+K37Y32Tz/G+s/Ed/Bn265t4W+w6VZ2NlfeXbv5fnRefNf5nXzCkn2O0OwNFub//2Q==',
    width: 6,
    height: 4,
    rgb: [
      57, 53, 34, 34, 36, 23, 22, 28, 17, 9, 13, 8, 2, 3, 2, 67, 205, 78, 44, 34, 22, 31, 27, 18, 13, 14, 9,
      5, 7, 4, 94, 162, 77, 54, 151, 43, 40, 23, 16, 19, 12, 9, 12, 9, 7, 0, 0, 0, 81, 105, 47, 44, 98, 17,
      28, 10, 8, 14, 6, 5, 5, 2, 2, 109, 64, 36, 69, 56, 19, 32, 49, 223,
    ],
  },
  {
    name: 'grey16.png',
    note: '16-bit greyscale PNG (PIL mode I;16): values over 255 clip to white',
    base64:
      'iVBORw0KGgoAAAANSUhEUgAAAAQAAAACEAAAAAAKU/78AAAAGklEQVR4nGNgYGBgZEhh+M/EyMD8fM6d/wwAGncEyUJfJu4AAAAASUVORK5CYII=',
    width: 4,
    height: 2,
    rgb: [
      0, 0, 0, 1, 1, 1, 100, 100, 100, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
      255,
    ],
  },
  {
    name: 'orient6.png',
    note: 'PNG with EXIF orientation 6 (rotate 90 degrees clockwise to display)',
    base64:
      'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAGmVYSWZNTQAqAAAACAABARIAAwAAAAEABgAAAAAAANZnS2kAAAAiSURBVHicY2QQTFVlZVZl5VRl5WfhNpXlZmXmZuXkRuMAADdeAml13nknAAAAAElFTkSuQmCC',
    width: 3,
    height: 4,
    rgb: [
      22, 123, 159, 11, 70, 130, 0, 17, 101, 59, 128, 162, 48, 75, 133, 37, 22, 104, 96, 133, 171, 85, 80,
      142, 74, 27, 113, 133, 138, 186, 122, 85, 157, 111, 32, 128,
    ],
  },
  {
    name: 'orient5.png',
    note: 'PNG with EXIF orientation 5 (transpose)',
    base64:
      'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAGmVYSWZNTQAqAAAACAABARIAAwAAAAEABQAAAAAAAOePUfQAAAAiSURBVHicY2QQTFVlZVZl5VRl5WfhNpXlZmXmZuXkRuMAADdeAml13nknAAAAAElFTkSuQmCC',
    width: 3,
    height: 4,
    rgb: [
      0, 17, 101, 11, 70, 130, 22, 123, 159, 37, 22, 104, 48, 75, 133, 59, 128, 162, 74, 27, 113, 85, 80, 142,
      96, 133, 171, 111, 32, 128, 122, 85, 157, 133, 138, 186,
    ],
  },
  {
    name: 'la.png',
    note: 'greyscale + alpha PNG: grey replicated, alpha dropped',
    base64:
      'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAQAAAA3fa6RAAAAFklEQVR4nGNkEFRlVWVl4TblZuVmBQAF4wDL2O3krQAAAABJRU5ErkJggg==',
    width: 3,
    height: 2,
    rgb: [0, 0, 0, 37, 37, 37, 74, 74, 74, 11, 11, 11, 48, 48, 48, 85, 85, 85],
  },
  {
    name: 'rgba.png',
    note: 'RGBA PNG with transparent pixels: alpha dropped, colours kept',
    base64:
      'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAYAAACddGYaAAAAIklEQVR4nGNkEExlUGVlblBl5axn5HZrYlBlZWZQZeX8DwAtewQK7Wz8tQAAAABJRU5ErkJggg==',
    width: 3,
    height: 2,
    rgb: [0, 17, 101, 37, 22, 104, 74, 27, 113, 11, 70, 130, 48, 75, 133, 85, 80, 142],
  },
  {
    name: 'palette_trns.png',
    note: 'palette PNG with a tRNS entry: palette colour, transparency ignored',
    base64:
      'iVBORw0KGgoAAAANSUhEUgAAAAQAAAACBAMAAACNhmBQAAAAGFBMVEV6VZ1VUI5vIIAwS4ULRoJKG3ElFmgAEWUhZYJHAAAAA3RSTlP//wDXyg1BAAAADklEQVR4nGMsu8PgLAAABmABp0sHnVAAAAAASUVORK5CYII=',
    width: 4,
    height: 2,
    rgb: [
      0, 17, 101, 37, 22, 104, 74, 27, 113, 111, 32, 128, 11, 70, 130, 48, 75, 133, 85, 80, 142, 122, 85, 157,
    ],
  },
  {
    name: 'transparent.gif',
    note: 'GIF with transparent index 1 = (10,20,30): PIL shows the palette colour',
    base64: 'R0lGODlhAwACAIEAAMgAAAoUHgDIAAAAyCH5BAEAAAEALAAAAAADAAIAAAgJAAEEEDAgAICAADs=',
    width: 3,
    height: 2,
    rgb: [200, 0, 0, 10, 20, 30, 0, 200, 0, 0, 0, 200, 10, 20, 30, 200, 0, 0],
  },
  {
    name: 'animated.gif',
    note: 'animated GIF, 2 frames: the first frame',
    base64:
      'R0lGODlhBAADAIMAAIWKumCFqzuAohZ7n3pVnVVQjjBLhW8ggEobcSUWaAtGggARZQAAAAAAAAAAAAAAACH5BAAKAAAALAAAAAAEAAMAAAgQABckQHBAgYECBAYICAAgIAAh+QQBCgAMACwAAAAABAADAIP/7pra6Ze15I6Q33/0uX3PtHqqr3HphGDEf12felSFqmJ6dUUAAAAAAAAAAAAAAAAIEAABBBAwgEABAwoOIEiwICAAOw==',
    width: 4,
    height: 3,
    rgb: [
      0, 17, 101, 37, 22, 104, 74, 27, 113, 111, 32, 128, 11, 70, 130, 48, 75, 133, 85, 80, 142, 122, 85, 157,
      22, 123, 159, 59, 128, 162, 96, 133, 171, 133, 138, 186,
    ],
  },
  {
    name: 'pages.tif',
    note: 'TIFF with 2 pages: the first page',
    base64:
      'SUkqAAgAAAAKAAABBAABAAAABAAAAAEBBAABAAAAAwAAAAIBAwADAAAAhgAAAAMBAwABAAAAAQAAAAYBAwABAAAAAgAAABEBBAABAAAAjAAAABUBAwABAAAAAwAAABYBBAABAAAAAwAAABcBBAABAAAAJAAAABwBAwABAAAAAQAAALgAAAAIAAgACAAAEWUlFmhKG3FvIIALRoIwS4VVUI56VZ0We587gKJghauFirpJSSoACAAAAAoAAAEEAAEAAAAEAAAAAQEEAAEAAAADAAAAAgEDAAMAAAA2AQAAAwEDAAEAAAABAAAABgEDAAEAAAACAAAAEQEEAAEAAAA8AQAAFQEDAAEAAAADAAAAFgEEAAEAAAADAAAAFwEEAAEAAAAkAAAAHAEDAAEAAAABAAAAAAAAAAgACAAIAP/umtrpl7XkjpDff/S5fc+0eqqvcYWqYumEYMR/XZ96VHp1RQ==',
    width: 4,
    height: 3,
    rgb: [
      0, 17, 101, 37, 22, 104, 74, 27, 113, 111, 32, 128, 11, 70, 130, 48, 75, 133, 85, 80, 142, 122, 85, 157,
      22, 123, 159, 59, 128, 162, 96, 133, 171, 133, 138, 186,
    ],
  },
  {
    name: 'animated.webp',
    note: 'animated lossless WebP, 2 frames: the first frame',
    base64:
      'UklGRtwAAABXRUJQVlA4WAoAAAACAAAAAwAAAgAAQU5JTQYAAAAAAAAAAABBTk1GUgAAAAAAAAAAAAMAAAIAAAAAAAJWUDhMOgAAAC8DgAAAXyAQSBiGiXZxsgHKlL1AJgyRZPGEdbn0mf8oCcAvAP4A8A8AEASQKKWQwnArrDBqRP+DuhxBTk1GVgAAAAAAAAAAAAMAAAIAAAAAAABWUDhMPgAAAC8DgAAAXyAQSKhCm2ZxAgGKAYW/1pMJQyRZHOFdLn3mP3oC8A6ANwC8AgAK2rZhoz0USqHgSmEUFtH/+F5m',
    width: 4,
    height: 3,
    rgb: [
      0, 17, 101, 37, 22, 104, 74, 27, 113, 111, 32, 128, 11, 70, 130, 48, 75, 133, 85, 80, 142, 122, 85, 157,
      22, 123, 159, 59, 128, 162, 96, 133, 171, 133, 138, 186,
    ],
  },
];

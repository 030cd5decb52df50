/**
 * A [batch, length] attention mask (1 = attend, 0 = padding) kept as int64, the decoder's input type,
 * so that the per-step growth is a typed-array copy rather than a rebuild of nested arrays.
 */
export class AttentionMask {
  private constructor(
    /** Row-major [batch, length] values. */
    readonly data: BigInt64Array,
    readonly batch: number,
    readonly length: number,
  ) {}

  /** A mask from per-row 0/1 values (all rows of one length). */
  static fromRows(rows: readonly (readonly number[])[]): AttentionMask {
    const length = rows[0]?.length ?? 0;
    const data = new BigInt64Array(rows.length * length);
    rows.forEach((row, b) => {
      if (row.length !== length) throw new Error(`mask row ${b} has ${row.length} columns, not ${length}`);
      for (let i = 0; i < length; i++) if (row[i] === 1) data[b * length + i] = 1n;
    });
    return new AttentionMask(data, rows.length, length);
  }

  /** The mask one decode step later: every row attends to one more (its new) position. */
  extended(): AttentionMask {
    const length = this.length + 1;
    const data = new BigInt64Array(this.batch * length);
    for (let b = 0; b < this.batch; b++) {
      data.set(this.data.subarray(b * this.length, (b + 1) * this.length), b * length);
      data[b * length + this.length] = 1n;
    }
    return new AttentionMask(data, this.batch, length);
  }

  /** Only `rows` of this mask, in that order. */
  select(rows: readonly number[]): AttentionMask {
    const data = new BigInt64Array(rows.length * this.length);
    rows.forEach((row, i) =>
      data.set(this.data.subarray(row * this.length, (row + 1) * this.length), i * this.length),
    );
    return new AttentionMask(data, rows.length, this.length);
  }
}

package io.sparkmomentum.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names the blocks of a model's flat {@code double[]} parameter vector. Each block is a row-major matrix of
 * {@code rows × cols}; rows are numbered globally across blocks, so a sparse gradient can address "row r" of the
 * whole vector. A vector is a block with one row.
 */
public final class ParameterLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One named block: rows {@code [firstRow, firstRow + rows)}, values {@code [offset, offset + rows·cols)}. */
  public record Block(String name, int rows, int cols, int offset, int firstRow) implements Serializable {
    public int size() {
      return rows * cols;
    }

    /** Offset of this block's row {@code r} (local index) in the flat vector. */
    public int rowOffset(int r) {
      return offset + r * cols;
    }
  }

  private final List<Block> blocks;
  private final int size;
  private final int numRows;

  private ParameterLayout(List<Block> blocks, int size, int numRows) {
    this.blocks = Collections.unmodifiableList(blocks);
    this.size = size;
    this.numRows = numRows;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a layout block by block, in order. */
  public static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private long size;
    private long rows;

    public Builder matrix(String name, int rows, int cols) {
      if (rows < 0 || cols < 1) throw new IllegalArgumentException(name + ": bad shape " + rows + "x" + cols);
      blocks.add(new Block(name, rows, cols, (int) size, (int) this.rows));
      size += (long) rows * cols;
      this.rows += rows;
      if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("model too large: " + size + " values");
      return this;
    }

    /** A vector block of {@code n} values, one row per value (so that sparse updates can touch single entries). */
    public Builder vector(String name, int n) {
      return matrix(name, n, 1);
    }

    /** A dense vector block stored as a single row. */
    public Builder denseVector(String name, int n) {
      return matrix(name, 1, n);
    }

    public ParameterLayout build() {
      return new ParameterLayout(new ArrayList<>(blocks), (int) size, (int) rows);
    }
  }

  public List<Block> blocks() {
    return blocks;
  }

  public Block block(String name) {
    for (Block b : blocks) if (b.name().equals(name)) return b;
    throw new IllegalArgumentException("no block named " + name + " in " + this);
  }

  /** Total number of parameters. */
  public int size() {
    return size;
  }

  /** Total number of rows over all blocks. */
  public int numRows() {
    return numRows;
  }

  /** The block holding global row {@code row}. */
  public Block blockOfRow(int row) {
    for (Block b : blocks) if (row < b.firstRow() + b.rows()) return b;
    throw new IndexOutOfBoundsException("row " + row + " of " + numRows);
  }

  public int rowOffset(int row) {
    Block b = blockOfRow(row);
    return b.offset() + (row - b.firstRow()) * b.cols();
  }

  public int rowWidth(int row) {
    return blockOfRow(row).cols();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterLayout l && l.blocks.equals(blocks);
  }

  @Override
  public int hashCode() {
    return blocks.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ParameterLayout[");
    for (Block b : blocks) sb.append(' ').append(b.name()).append(' ').append(b.rows()).append('x').append(b.cols());
    return sb.append(" ]").toString();
  }
}

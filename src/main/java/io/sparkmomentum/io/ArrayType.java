package io.sparkmomentum.io;

import java.util.List;

/** The element types of {@link ArrayBundle} arrays, with their file extensions and element sizes. */
enum ArrayType {
  /** IEEE-754 binary64, little-endian. */
  F64("f64", 8),
  /** IEEE-754 binary32, little-endian. */
  F32("f32", 4),
  /** Two's-complement signed 32-bit integer, little-endian. */
  I32("i32", 4),
  /** Two's-complement signed 64-bit integer, little-endian. */
  I64("i64", 8),
  /** Strings: for each, its UTF-8 byte length as an unsigned 32-bit little-endian integer, then the bytes. */
  STR("str", 0);

  /** The type's name in bundle.json, which is also the data file's extension. */
  final String code;
  /** Bytes per element, 0 for variable-length strings. */
  final int size;

  ArrayType(String code, int size) {
    this.code = code;
    this.size = size;
  }

  static ArrayType of(Object values) {
    if (values instanceof double[]) {
      return F64;
    } else if (values instanceof float[]) {
      return F32;
    } else if (values instanceof int[]) {
      return I32;
    } else if (values instanceof long[]) {
      return I64;
    } else if (values instanceof List) {
      return STR;
    }
    throw new IllegalArgumentException("not an array type: " + values.getClass().getName());
  }

  /** The type with this code, or null. */
  static ArrayType byCode(String code) {
    for (ArrayType t : values()) {
      if (t.code.equals(code)) {
        return t;
      }
    }
    return null;
  }

  static int length(Object values) {
    switch (of(values)) {
      case F64: return ((double[]) values).length;
      case F32: return ((float[]) values).length;
      case I32: return ((int[]) values).length;
      case I64: return ((long[]) values).length;
      default: return ((List<?>) values).size();
    }
  }
}

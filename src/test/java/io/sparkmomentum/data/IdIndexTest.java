package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdIndexTest {
  @Test
  void denseIndicesInFirstSeenOrder() {
    IdIndex idx = new IdIndex();
    assertEquals(0, idx.getOrAdd("b"));
    assertEquals(1, idx.getOrAdd("a"));
    assertEquals(0, idx.getOrAdd("b"));
    assertEquals(2, idx.getOrAdd("c"));
    assertEquals(3, idx.size());
    assertEquals(1, idx.lookup("a"));
    assertEquals(-1, idx.lookup("zzz"));
    assertEquals("c", idx.raw(2));
    assertEquals(List.of("b", "a", "c"), idx.rawIds());
    assertThrows(IndexOutOfBoundsException.class, () -> idx.raw(3));
    assertThrows(UnsupportedOperationException.class, () -> idx.rawIds().add("d"));
  }

  @Test
  void sameInputSameIndices() {
    List<String> stream = Arrays.asList("42", "7", "42", "x", "7", "99");
    IdIndex a = new IdIndex();
    IdIndex b = new IdIndex();
    int[] ia = stream.stream().mapToInt(a::getOrAdd).toArray();
    int[] ib = stream.stream().mapToInt(b::getOrAdd).toArray();
    assertEquals(Arrays.toString(ia), Arrays.toString(ib));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void rebuildFromSavedList() {
    IdIndex a = new IdIndex();
    for (String s : new String[] {"u9", "u1", "u5"}) {
      a.getOrAdd(s);
    }
    IdIndex b = IdIndex.of(a.rawIds());
    assertEquals(a, b);
    assertEquals(2, b.lookup("u5"));
    assertEquals(3, b.getOrAdd("new"));
  }

  @Test
  void duplicatesAndEmptyIdsAreErrors() {
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> IdIndex.of(List.of("a", "b", "a")));
    assertTrue(dup.getMessage().contains("duplicate id 'a' at positions 0 and 2"), dup.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> IdIndex.of(List.of("a", "")));
    assertTrue(empty.getMessage().contains("empty id at position 1"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IdIndex().getOrAdd(""));
    assertThrows(IllegalArgumentException.class, () -> new IdIndex().getOrAdd(null));
    assertEquals(-1, new IdIndex().lookup(null));
  }

  @Test
  void truncateUndoesAdditions() {
    IdIndex a = IdIndex.of(List.of("a", "b"));
    a.getOrAdd("c");
    a.getOrAdd("d");
    a.truncate(2);
    assertEquals(List.of("a", "b"), a.rawIds());
    assertEquals(-1, a.lookup("c"));
    assertEquals(2, a.getOrAdd("d"));
  }

  @Test
  void javaSerializationRoundTrip() throws Exception {
    IdIndex a = IdIndex.of(List.of("x", "y", "z"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    IdIndex b;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      b = (IdIndex) in.readObject();
    }
    assertEquals(a, b);
    assertEquals(1, b.lookup("y"));
    assertEquals(3, b.getOrAdd("w"));
  }
}

package io.sparkmomentum.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature index space of a factorization machine on ratings: contiguous groups
 * {@code [user one-hot | item one-hot | user side | item side | implicit items]}, a group's size 0 when its key is
 * off. The one-hot and implicit groups are as wide as the training users and items; the side groups as their files'
 * vocabularies.
 */
public record FeatureLayout(int users, int items, int userSide, int itemSide, int implicitItems)
    implements Serializable {

  /** The group names, in index order (the keys of {@link #toMeta}). */
  public static final List<String> GROUPS = List.of("user", "item", "user_side", "item_side", "implicit");

  public FeatureLayout {
    if (users < 0 || items < 0 || userSide < 0 || itemSide < 0 || implicitItems < 0) {
      throw new IllegalArgumentException("negative group size");
    }
    Math.addExact(Math.addExact(Math.addExact(users, items), Math.addExact(userSide, itemSide)), implicitItems);
  }

  public int itemOffset() {
    return users;
  }

  public int userSideOffset() {
    return users + items;
  }

  public int itemSideOffset() {
    return userSideOffset() + userSide;
  }

  public int implicitOffset() {
    return itemSideOffset() + itemSide;
  }

  /** Every group together: the rows' {@code dim}. */
  public int width() {
    return implicitOffset() + implicitItems;
  }

  /** {@code [{name, offset, size}, ...]} in index order. */
  public List<Map<String, Object>> toMeta() {
    int[] sizes = {users, items, userSide, itemSide, implicitItems};
    List<Map<String, Object>> out = new ArrayList<>();
    int offset = 0;
    for (int g = 0; g < sizes.length; g++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", GROUPS.get(g));
      m.put("offset", offset);
      m.put("size", sizes[g]);
      out.add(m);
      offset += sizes[g];
    }
    return out;
  }
}

package io.sparkmomentum.rank;

import io.sparkmomentum.model.LatentFactors;

/**
 * What is ranked for whom: the query rows, the candidate rows and the score between them, all read from any
 * {@link LatentFactors} model's parameters.
 */
public enum Side {
  /** Items for each user: {@code p_u·q_i + b_i}; a user's training positives are excluded. */
  ITEMS_FOR_USERS,
  /** Users for each item: {@code p_u·q_i + b_i}; the item's training positive users are excluded. */
  USERS_FOR_ITEMS,
  /** Items similar to each item: cosine {@code q_i·q_j / (‖q_i‖‖q_j‖)} (0 for a zero row), the item excluded. */
  SIMILAR_ITEMS;

  public int queries(LatentFactors m) {
    return this == ITEMS_FOR_USERS ? m.numUsers() : m.numItems();
  }

  public int candidates(LatentFactors m) {
    return this == USERS_FOR_ITEMS ? m.numUsers() : m.numItems();
  }

  /** Whether queries are users (their ids are user indices). */
  public boolean queriesAreUsers() {
    return this == ITEMS_FOR_USERS;
  }

  public FactorTable queryTable(LatentFactors m, double[] w, int[] ids) {
    return switch (this) {
      case ITEMS_FOR_USERS -> FactorTable.users(m, w, ids);
      case USERS_FOR_ITEMS -> FactorTable.items(m, w, ids);
      case SIMILAR_ITEMS -> FactorTable.items(m, w, ids).normalized();
    };
  }

  public FactorTable candidateTable(LatentFactors m, double[] w, int[] ids) {
    return switch (this) {
      case ITEMS_FOR_USERS -> FactorTable.items(m, w, ids);
      case USERS_FOR_ITEMS -> FactorTable.users(m, w, ids);
      case SIMILAR_ITEMS -> FactorTable.items(m, w, ids).normalized();
    };
  }
}

package dev.handmade.labelling.core;

import dev.handmade.labelling.api.AccountView;
import dev.handmade.labelling.api.LabellerView;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.auth.Role;
import dev.handmade.labelling.auth.Tokens;
import dev.handmade.labelling.db.AccountDao;
import dev.handmade.labelling.db.QueueDao;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** Accounts and their tokens. */
public final class Accounts {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}");

  /** Tokens remembered at most; past it the memory starts afresh. */
  private static final int KNOWN_TOKENS = 100_000;

  private final Jdbi jdbi;
  private final AccountDao accounts;
  private final QueueDao queue;
  private final Tokens tokens;
  private final GoldPolicy gold;

  /**
   * Accounts found by the hash of their token. An account's token and role never change and no
   * account is ever removed, so a token once found stays good: requests after the first need no
   * trip to the database to be authenticated. Unknown tokens are never remembered.
   */
  private final Map<String, Principal> knownTokens = new ConcurrentHashMap<>();

  public Accounts(Jdbi jdbi, AccountDao accounts, QueueDao queue, Tokens tokens, GoldPolicy gold) {
    this.jdbi = jdbi;
    this.accounts = accounts;
    this.queue = queue;
    this.tokens = tokens;
    this.gold = gold;
  }

  /**
   * On a database without accounts, creates "admin" and "pipeline". Each gets the given token,
   * or a generated one; the returned map holds the generated tokens, to be shown once.
   */
  public Map<String, String> bootstrap(
      Optional<String> adminToken, Optional<String> pipelineToken) {
    return jdbi.inTransaction(
        h -> {
          Map<String, String> generated = new LinkedHashMap<>();
          // the advisory lock keeps two instances starting at once from both bootstrapping
          h.execute("select pg_advisory_xact_lock(7301)");
          if (accounts.count(h) > 0) {
            return generated;
          }
          String admin = adminToken.orElseGet(tokens::newToken);
          String pipeline = pipelineToken.orElseGet(tokens::newToken);
          accounts.insert(h, tokens.newLabellerId(), "admin", Role.ADMIN, Tokens.hash(admin));
          accounts.insert(
              h, tokens.newLabellerId(), "pipeline", Role.PIPELINE, Tokens.hash(pipeline));
          if (adminToken.isEmpty()) {
            generated.put("admin", admin);
          }
          if (pipelineToken.isEmpty()) {
            generated.put("pipeline", pipeline);
          }
          return generated;
        });
  }

  public AccountView create(String name, String roleName) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw Rejection.badInput("name", "1 to 100 of letters, digits, space . _ @ -");
    }
    Role role =
        Role.fromWire(roleName == null ? "" : roleName)
            .orElseThrow(
                () -> Rejection.badInput("role", "one of labeller, auditor, admin, pipeline"));
    String token = tokens.newToken();
    Principal created =
        jdbi.inTransaction(
            h ->
                accounts
                    .insert(h, tokens.newLabellerId(), name, role, Tokens.hash(token))
                    .orElseThrow(
                        () ->
                            Rejection.conflict("name", "an account named '" + name + "' exists")));
    return new AccountView(
        created.labellerId(), created.name(), created.role().wireName(), token, null);
  }

  public Optional<Principal> authenticate(String token) {
    byte[] hash = Tokens.hash(token);
    String key = HexFormat.of().formatHex(hash);
    Principal known = knownTokens.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Principal> found =
        jdbi.withHandle(h -> accounts.byTokenHash(h, hash))
            .filter(stored -> Tokens.matches(token, stored.tokenHash()))
            .map(AccountDao.Stored::principal);
    found.ifPresent(
        p -> {
          if (knownTokens.size() >= KNOWN_TOKENS) {
            knownTokens.clear();
          }
          knownTokens.put(key, p);
        });
    return found;
  }

  public Optional<Principal> byLabellerId(String labellerId) {
    return jdbi.withHandle(h -> accounts.byLabellerId(h, labellerId));
  }

  /** The labeller whose pseudonym this is; labellers are few, so each is tried. */
  public Optional<Principal> byPseudonym(
      java.util.function.UnaryOperator<String> pseudonym, String wanted) {
    return jdbi.withHandle(
        h ->
            accounts.byRole(h, Role.LABELLER).stream()
                .filter(p -> pseudonym.apply(p.labellerId()).equals(wanted))
                .findFirst());
  }

  public List<LabellerView> labellers() {
    return jdbi.withHandle(
        h ->
            accounts.byRole(h, Role.LABELLER).stream()
                .map(
                    p -> {
                      long[] record = queue.goldRecord(h, p.accountId());
                      long answers = queue.answerCount(h, p.accountId());
                      Double accuracy = record[0] == 0 ? null : (double) record[1] / record[0];
                      return new LabellerView(
                          p.labellerId(),
                          p.name(),
                          answers,
                          record[0],
                          record[1],
                          accuracy,
                          gold.setAsideReason(record[0], record[1]).isPresent());
                    })
                .toList());
  }
}

package dev.handmade.labelling.db;

import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.auth.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

public final class AccountDao {

  public record Stored(Principal principal, byte[] tokenHash) {}

  public long count(Handle h) {
    return h.createQuery("select count(*) from account").mapTo(Long.class).one();
  }

  public Optional<Principal> insert(
      Handle h, String labellerId, String name, Role role, byte[] tokenHash) {
    return h.createQuery(
            """
                        insert into account (labeller_id, name, role, token_hash)
                        values (:lid, :name, :role, :hash)
                        on conflict (name) do nothing
                        returning account_id, labeller_id, name, role""")
        .bind("lid", labellerId)
        .bind("name", name)
        .bind("role", role.wireName())
        .bind("hash", tokenHash)
        .map((rs, ctx) -> principal(rs))
        .findOne();
  }

  public Optional<Stored> byTokenHash(Handle h, byte[] tokenHash) {
    return h.createQuery(
            "select account_id, labeller_id, name, role, token_hash from account "
                + "where token_hash = :hash")
        .bind("hash", tokenHash)
        .map((rs, ctx) -> new Stored(principal(rs), rs.getBytes("token_hash")))
        .findOne();
  }

  public Optional<Principal> byLabellerId(Handle h, String labellerId) {
    return h.createQuery(
            "select account_id, labeller_id, name, role from account where labeller_id = :lid")
        .bind("lid", labellerId)
        .map((rs, ctx) -> principal(rs))
        .findOne();
  }

  public List<Principal> byRole(Handle h, Role role) {
    return h.createQuery(
            "select account_id, labeller_id, name, role from account where role = :role "
                + "order by account_id")
        .bind("role", role.wireName())
        .map((rs, ctx) -> principal(rs))
        .list();
  }

  private static Principal principal(ResultSet rs) throws SQLException {
    return new Principal(
        rs.getLong("account_id"),
        rs.getString("labeller_id"),
        rs.getString("name"),
        Role.fromWire(rs.getString("role")).orElseThrow());
  }
}

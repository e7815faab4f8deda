package dev.ajretry.examples.bank;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PostgreSQL server of the bank example, and its two tables. By default an embedded server: PostgreSQL's own
 * binaries, unpacked from a jar on the class path and started on a free port, gone when closed. Given a JDBC URL
 * (system property {@value #URL_PROPERTY} or environment variable {@code BANK_JDBC_URL}, with
 * {@code .user}/{@code .password} or {@code _USER}/{@code _PASSWORD} beside it), that server instead: the example
 * drops and creates the tables {@code accounts} and {@code transfers} there, so give it a database of its own.
 */
public final class BankDatabase implements AutoCloseable {

    /**
     * The system property naming a server to use instead of the embedded one. Not under {@code ajretry.}: ajretry
     * reads the system properties there as overrides of {@code @Retry} attributes.
     */
    public static final String URL_PROPERTY = "bank.jdbc.url";

    /**
     * How long a blocked transaction waits before PostgreSQL looks for a deadlock (the server's default is 1 s).
     * Set on the embedded server only: on a given server it is the administrator's setting.
     */
    static final String DEADLOCK_TIMEOUT = "100ms";

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String description;

    private BankDatabase(EmbeddedPostgres embedded, HikariDataSource dataSource, String description) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.description = description;
    }

    /** The server given by {@value #URL_PROPERTY} (or its environment variable), else a new embedded one. */
    public static BankDatabase open(int connections) throws IOException {
        String url = setting(URL_PROPERTY);
        if (url != null) {
            return new BankDatabase(null, pool(url, setting("bank.jdbc.user"),
                    setting("bank.jdbc.password"), connections), "the server at " + url);
        }
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().setServerConfig("deadlock_timeout", DEADLOCK_TIMEOUT)
                .start();
        try {
            HikariDataSource pool = pool(embedded.getJdbcUrl("postgres", "postgres"), "postgres", null, connections);
            return new BankDatabase(embedded, pool, "embedded PostgreSQL on port " + embedded.getPort());
        } catch (RuntimeException e) {
            embedded.close();
            throw e;
        }
    }

    private static HikariDataSource pool(String url, String user, String password, int connections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(connections);
        config.setPoolName("bank");
        return new HikariDataSource(config);
    }

    /** A system property, else the environment variable of the same name in capitals with underscores. */
    private static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** Pooled connections to the server. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Which server this is, with the version it reports. */
    public String description() {
        return description + " (" + jdbc.queryForObject("SHOW server_version", String.class) + ")";
    }

    /** New tables: accounts {@code 1..accounts}, each holding {@code balance}; no transfers. */
    public void reset(int accounts, long balance) {
        jdbc.execute("DROP TABLE IF EXISTS transfers, accounts");
        jdbc.execute("CREATE TABLE accounts (id integer PRIMARY KEY, balance bigint NOT NULL)");
        jdbc.execute("CREATE TABLE transfers (id bigint PRIMARY KEY, kind text NOT NULL, from_id integer NOT NULL,"
                + " to_id integer NOT NULL, amount bigint NOT NULL)");
        for (int id = 1; id <= accounts; id++) {
            jdbc.update("INSERT INTO accounts (id, balance) VALUES (?, ?)", id, balance);
        }
    }

    /** Each account's balance, by id. */
    public Map<Integer, Long> balances() {
        Map<Integer, Long> balances = new TreeMap<>();
        jdbc.query("SELECT id, balance FROM accounts", row -> {
            balances.put(row.getInt(1), row.getLong(2));
        });
        return balances;
    }

    /** The ids of the transfers recorded, each once (the primary key sees to that). */
    public java.util.List<Long> recordedTransfers() {
        return jdbc.queryForList("SELECT id FROM transfers ORDER BY id", Long.class);
    }

    @Override
    public void close() throws IOException {
        try {
            dataSource.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}

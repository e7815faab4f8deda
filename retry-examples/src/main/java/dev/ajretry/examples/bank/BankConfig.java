package dev.ajretry.examples.bank;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import javax.sql.DataSource;

/**
 * Plain Spring Framework: JDBC, a transaction manager and proxy-based {@code @Transactional} (the default mode), as
 * most Spring applications have it. The beans are ajc-compiled classes, so their {@code @Retry} methods are woven;
 * Spring knows nothing of ajretry.
 */
@Configuration
@EnableTransactionManagement
public class BankConfig {

    /** A started context whose beans use {@code dataSource}. */
    public static AnnotationConfigApplicationContext start(DataSource dataSource) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        // Wrapped: Spring closes an AutoCloseable bean with its context, and the pool outlives each context.
        context.registerBean(DataSource.class, () -> new DelegatingDataSource(dataSource));
        context.register(BankConfig.class);
        context.refresh();
        return context;
    }

    /**
     * {@code JdbcTransactionManager}, not its parent {@code DataSourceTransactionManager}: a serialization failure
     * can surface at commit, and only this one translates it like any statement's (40001 into
     * {@code CannotAcquireLockException}); the parent throws a {@code TransactionSystemException}, which is no
     * {@code ConcurrencyFailureException} and would not be retried.
     */
    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    public Interleavings interleavings() {
        return new Interleavings();
    }

    @Bean
    public Ledger ledger(JdbcTemplate jdbc, Interleavings interleavings) {
        return new Ledger(jdbc, interleavings);
    }

    @Bean
    public Transfers transfers(Ledger ledger) {
        return new Transfers(ledger);
    }

    // The placements that go wrong, kept apart in WrongPlacements.

    @Bean
    public WrongPlacements.RetryBesideTransactional retryBesideTransactional(JdbcTemplate jdbc,
                                                                             Interleavings interleavings) {
        return new WrongPlacements.RetryBesideTransactional(jdbc, interleavings);
    }

    @Bean
    public WrongPlacements.ReceiptPrinter receiptPrinter() {
        return new WrongPlacements.ReceiptPrinter();
    }

    @Bean
    public WrongPlacements.Deposits deposits(JdbcTemplate jdbc, WrongPlacements.ReceiptPrinter printer) {
        return new WrongPlacements.Deposits(jdbc, printer);
    }

    @Bean
    public WrongPlacements.Cashier cashier(WrongPlacements.Deposits deposits) {
        return new WrongPlacements.Cashier(deposits);
    }
}

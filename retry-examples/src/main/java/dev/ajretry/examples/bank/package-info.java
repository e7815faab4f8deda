/**
 * Transfers between accounts on a real PostgreSQL with plain Spring Framework: {@code @Retry} on the caller of a
 * proxy-based {@code @Transactional} bean, through serialization failures (40001) and deadlocks (40P01), every
 * transfer applied exactly once; and the placements that lose or double updates. May use Spring (context, JDBC,
 * transactions), the PostgreSQL driver, HikariCP and zonky's embedded PostgreSQL. Not published.
 */
package dev.ajretry.examples.bank;

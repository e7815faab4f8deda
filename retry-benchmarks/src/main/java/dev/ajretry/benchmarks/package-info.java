/**
 * JMH benchmarks of ajretry beside the direct call and its peers (Resilience4j, Failsafe, Spring Retry,
 * jcabi-aspects). Not published; see the module's README and RESULTS.md.
 */
package dev.ajretry.benchmarks;

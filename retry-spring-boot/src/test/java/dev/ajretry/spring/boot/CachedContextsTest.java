package dev.ajretry.spring.boot;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static dev.ajretry.spring.boot.InventoryConfiguration.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A suite whose test classes share cached contexts, as Spring's test context cache keeps them: context A, then
 * context B, then A again from the cache, then B again. Each class asserts that its own context's
 * {@code ajretry.*} properties are in force ({@link CachedContextActivation}). The classes run through the JUnit
 * engine in that order; the last use of each context closes it, so nothing outlives this test.
 */
class CachedContextsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(InventoryConfiguration.class)
    static class Application {
    }

    /** The suite's classes, not run by Surefire on their own (nested classes are not). */
    abstract static class UsesInventory {
        @Autowired
        Inventory inventory;
    }

    @SpringBootTest(classes = Application.class, properties = RESERVE + ".tries=5")
    @Order(1)
    static class FirstUseOfA extends UsesInventory {
        @Test
        void aPropertiesAreInForce() {
            assertThat(inventory.attemptsOfOneReserve()).isEqualTo(5);
        }
    }

    @SpringBootTest(classes = Application.class, properties = RESERVE + ".tries=6")
    @Order(2)
    static class FirstUseOfB extends UsesInventory {
        @Test
        void bPropertiesAreInForce() {
            assertThat(inventory.attemptsOfOneReserve()).isEqualTo(6);
        }
    }

    @SpringBootTest(classes = Application.class, properties = RESERVE + ".tries=5")
    @DirtiesContext
    @Order(3)
    static class CachedAAgain extends UsesInventory {
        @Test
        void aPropertiesAreInForceAgain() {
            assertThat(inventory.attemptsOfOneReserve()).isEqualTo(5);
        }
    }

    @SpringBootTest(classes = Application.class, properties = RESERVE + ".tries=6")
    @DirtiesContext
    @Order(4)
    static class CachedBAgain extends UsesInventory {
        @Test
        void bPropertiesAreInForceAgain() {
            assertThat(inventory.attemptsOfOneReserve()).isEqualTo(6);
        }
    }

    @Test
    void eachTestClassRunsWithItsOwnContextsOverrides() {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.testclass.order.default",
                        ClassOrderer.OrderAnnotation.class.getName())
                .selectors(selectClass(FirstUseOfA.class), selectClass(FirstUseOfB.class),
                        selectClass(CachedAAgain.class), selectClass(CachedBAgain.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(4).succeeded(4));

        assertThat(new Inventory().attemptsOfOneReserve()).isEqualTo(2);
    }
}

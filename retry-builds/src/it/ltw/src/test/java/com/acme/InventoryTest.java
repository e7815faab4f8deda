package com.acme;

import dev.ajretry.runtime.WeavingCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** javac compiled Inventory unwoven: only the agent surefire starts can make it retry. */
class InventoryTest {

    @Test
    void theAgentWeavesTheClassAsItLoads() {
        WeavingCheck.assertWoven(Inventory.class);
    }

    @Test
    void retriedUntilTheThirdAttempt() {
        Inventory inventory = new Inventory();
        assertEquals(12, inventory.stock("sku-1"));
        assertEquals(3, inventory.attempts());
    }
}

package com.acme;

import dev.ajretry.Retry;

public class Inventory {

    private int attempts;

    @Retry(tries = 3, exceptions = IllegalStateException.class)
    public int stock(String sku) {
        attempts++;
        if (attempts < 3) {
            throw new IllegalStateException(sku + " is busy");
        }
        return 12;
    }

    public int attempts() {
        return attempts;
    }
}

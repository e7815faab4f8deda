package com.acme;

import dev.ajretry.Retry;
import lombok.RequiredArgsConstructor;

/** Lombok beside an invalid @Retry: with retry-annotations among the processors, javac rejects it. */
@RequiredArgsConstructor
public class Inventory {

    private final String warehouse;

    @Retry(tries = 0)
    public String stock(String sku) {
        return warehouse + " " + sku;
    }
}

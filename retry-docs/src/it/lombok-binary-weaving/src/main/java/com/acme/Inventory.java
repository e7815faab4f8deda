package com.acme;

import dev.ajretry.Retry;
import lombok.Getter;
import lombok.RequiredArgsConstructor;

import java.io.IOException;

/** Lombok and @Retry in one class: javac runs Lombok, ajc weaves the result. Fails twice, then answers. */
@RequiredArgsConstructor
public class Inventory {

    @Getter
    private final String warehouse;
    private int attempts;

    @Retry(tries = 4, exceptions = IOException.class)
    public String stock(String sku) throws IOException {
        if (++attempts < 3) {
            throw new IOException("attempt " + attempts + " timed out");
        }
        return getWarehouse() + " " + sku + ": 12 in stock (attempt " + attempts + ")";
    }
}

package com.acme;

import dev.ajretry.Retry;

import java.io.IOException;

/** Fails twice, then answers: woven, a call returns at its third attempt. */
public class Inventory {

    private static int attempts;

    @Retry(tries = 4, exceptions = IOException.class)
    public static String stock(String sku) throws IOException {
        if (++attempts < 3) {
            throw new IOException("attempt " + attempts + " timed out");
        }
        return sku + ": 12 in stock (attempt " + attempts + ")";
    }
}

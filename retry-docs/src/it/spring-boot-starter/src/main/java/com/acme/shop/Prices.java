package com.acme.shop;

import dev.ajretry.Retry;
import org.springframework.stereotype.Service;

import java.util.concurrent.atomic.AtomicInteger;

/** Fails twice, then answers: retried by the woven @Retry, not by a proxy. */
@Service
public class Prices {
    final AtomicInteger attempts = new AtomicInteger();

    @Retry(tries = 3)
    public String price(String sku) {
        if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("price service busy");
        }
        return sku + ": 12.50 (attempt " + attempts.get() + ")";
    }
}

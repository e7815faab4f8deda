package com.acme;

import dev.ajretry.Retry;
import lombok.Getter;
import lombok.Setter;

@Getter
@Setter
public class Ledger {

    private String owner;

    @Retry(tries = 0)
    public String balance(String account) {
        return account + " of " + getOwner();
    }

    @Retry(delay = -5, backoff = 0)
    public void settle() {
    }
}

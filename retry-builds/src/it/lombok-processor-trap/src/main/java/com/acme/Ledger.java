package com.acme;

import dev.ajretry.Retry;
import lombok.Getter;
import lombok.Setter;

@Getter
@Setter
public class Ledger {

    private String owner = "ann";

    @Retry(tries = 0)
    public String balance(String account) {
        return account + " of " + getOwner();
    }
}

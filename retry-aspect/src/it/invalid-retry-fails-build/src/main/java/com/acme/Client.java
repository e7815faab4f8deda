package com.acme;

import dev.ajretry.Retry;

import java.io.IOException;

public abstract class Client {

    @Retry(tries = 0)
    public String zeroTries(String id) {
        return id;
    }

    @Retry(delay = -5, backoff = 0)
    public void badSchedule() {
    }

    @Retry(recover = "missing")
    public String noRecovery(int x) throws IOException {
        return "";
    }

    @Retry(tries = 2)
    public abstract String notWoven(String id);
}

package com.acme;

import dev.ajretry.RetryConfigurationException;

/** The invalid @Retry was not caught when compiling; its first call is where it fails. */
public class Main {

    public static void main(String[] args) {
        try {
            String balance = new Ledger().balance("acc-1");
            throw new AssertionError("an invalid @Retry ran: " + balance);
        } catch (RetryConfigurationException expected) {
            System.out.println("built, then failed at the first call: " + expected.getMessage());
        }
    }
}

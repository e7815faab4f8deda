package com.acme;

/** Fails the build (exec:java) unless Inventory, compiled by ajc for Java 25, was retried. */
public class Main {

    public static void main(String[] args) {
        Inventory inventory = new Inventory();
        int stock = inventory.stock("sku-1");
        if (stock != 12 || inventory.attempts() != 3) {
            throw new AssertionError("expected 12 at attempt 3, got " + stock + " at attempt " + inventory.attempts());
        }
        System.out.println("retried: " + stock + " at attempt " + inventory.attempts());
    }
}

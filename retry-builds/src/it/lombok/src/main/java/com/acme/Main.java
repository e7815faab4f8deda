package com.acme;

/** Fails the build (exec:java) unless Inventory, compiled by javac with Lombok and then woven, was retried. */
public class Main {

    public static void main(String[] args) {
        Inventory inventory = new Inventory("north");
        int stock = inventory.stock("sku-1");
        if (stock != 12 || inventory.getAttempts() != 3) {
            throw new AssertionError("expected 12 at attempt 3, got " + stock + " at attempt "
                    + inventory.getAttempts());
        }
        System.out.println("retried: " + inventory.getWarehouse() + " answered " + stock + " at attempt "
                + inventory.getAttempts());
    }
}

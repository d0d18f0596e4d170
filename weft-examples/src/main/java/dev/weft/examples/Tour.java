package dev.weft.examples;

public final class Tour {
    public static void main(String[] args) {
        System.out.println("tour");
    }
}

package io.socketgrid.load;

public final class LoadGenerator {
    public static void main(String[] args) {
    }
}

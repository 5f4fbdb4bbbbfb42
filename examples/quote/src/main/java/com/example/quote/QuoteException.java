package com.example.quote;

/** A request that ends in an error answer: the HTTP status and the message the client reads in {"error": ...}. */
final class QuoteException extends RuntimeException {
    private final int status;

    QuoteException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}

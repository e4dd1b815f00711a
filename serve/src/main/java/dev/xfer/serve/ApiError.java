package dev.xfer.serve;

/** A request the server refuses, with the HTTP status and the one-line reason sent back as {@code {"error": ...}}. */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError tooLarge(String message) {
        return new ApiError(413, message);
    }

    static ApiError busy(String message) {
        return new ApiError(429, message);
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, message);
    }
}

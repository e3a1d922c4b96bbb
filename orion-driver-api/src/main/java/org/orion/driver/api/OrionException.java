package org.orion.driver.api;

import java.util.Objects;

/**
 * The one control-path exception. Its message is written for a user: it says what is wrong and
 * what to do about it ("member disk3.img is 64 MiB, smaller than the array's 128 MiB per-member
 * size: use a larger device"). The data path never throws it; it completes requests with an
 * {@link org.orion.driver.api.io.IoStatus} instead.
 */
public class OrionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public OrionException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public OrionException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }
}

package com.allocation.backtest.signals.postgres;

import io.delta.kernel.types.DataType;

import java.io.OutputStream;
import java.util.List;

/**
 * The COPY wire format. Binary is the default: it skips formatting and parsing doubles and dates,
 * which dominate the text format's cost (docs/performance.md has the measurements).
 */
public enum CopyFormat {
    BINARY("(FORMAT binary)") {
        @Override
        CopyEncoder encoder(List<DataType> types, OutputStream out) {
            return new BinaryCopyEncoder(types, out);
        }
    },
    TEXT("(FORMAT text)") {
        @Override
        CopyEncoder encoder(List<DataType> types, OutputStream out) {
            return new TextCopyEncoder(types, out);
        }
    };

    private final String copyOption;

    CopyFormat(String copyOption) {
        this.copyOption = copyOption;
    }

    String copyOption() {
        return copyOption;
    }

    abstract CopyEncoder encoder(List<DataType> types, OutputStream out);
}

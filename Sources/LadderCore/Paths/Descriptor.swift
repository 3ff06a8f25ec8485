import Foundation

/// Writes on an open file descriptor.
public enum Descriptor {
    /// Writes every byte of `bytes` to `descriptor`, again after an interrupted or partial write; returns 0, or the
    /// `errno` of the write that failed.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }
}

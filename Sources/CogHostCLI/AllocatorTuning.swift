// malloc settings for the long-running processes (server and worker).

/// glibc's `mallopt` (from <malloc.h>, which Swift's Glibc module does not include).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

enum AllocatorTuning {
    private static let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
    private static let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD

    /// Large request and response buffers (a 1 MiB input is copied several times on its way)
    /// are served from the heap and kept there, instead of being mapped, faulted in page by page
    /// and unmapped again on every request. The heap top is still given back beyond 16 MiB.
    static func keepLargeBuffersInTheHeap() {
        #if os(Linux)
        _ = glibcMallopt(mmapThreshold, 8 << 20)
        _ = glibcMallopt(trimThreshold, 16 << 20)
        #endif
    }
}

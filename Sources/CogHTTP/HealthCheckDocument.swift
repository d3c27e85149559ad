// The GET /health-check document, in coglet's struct order, with chrono's RFC 3339 timestamps.
import CogCore
import Foundation

/// `{"status", "setup", "version", "user_healthcheck_error"}` (printed in this order).
struct HealthCheckDocument: Codable, Equatable {
    enum Status: String, Codable {
        case unknown = "UNKNOWN", starting = "STARTING", ready = "READY", busy = "BUSY"
        case setupFailed = "SETUP_FAILED", defunct = "DEFUNCT", unhealthy = "UNHEALTHY"
    }

    struct Setup: Codable, Equatable {
        let startedAt: String
        let completedAt: String?
        let status: SetupReport.Status?
        let logs: String?

        enum CodingKeys: String, CodingKey {
            case startedAt = "started_at", completedAt = "completed_at", status, logs
        }
    }

    struct Version: Codable, Equatable {
        let coglet: String
        let gitSHA: String?
        let buildTime: String?
        let pythonSDK: String?
        let python: String?

        enum CodingKeys: String, CodingKey {
            case coglet, gitSHA = "git_sha", buildTime = "build_time", pythonSDK = "python_sdk", python
        }
    }

    let status: Status
    let setup: Setup?
    let version: Version
    let userHealthcheckError: String?

    enum CodingKeys: String, CodingKey {
        case status, setup, version, userHealthcheckError = "user_healthcheck_error"
    }

    init(status: Status, report: SetupReport, versions: [String: String], cogletVersion: String, userHealthcheckError: String?) {
        self.status = status
        if let started = report.startedAt ?? (report.status == .starting ? nil : report.completedAt ?? Date()) {
            setup = Setup(
                startedAt: Self.rfc3339(started),
                completedAt: report.completedAt.map(Self.rfc3339),
                status: report.status,
                logs: report.logs.isEmpty ? nil : report.logs)
        } else {
            setup = nil
        }
        version = Version(
            coglet: cogletVersion, gitSHA: versions["git_sha"], buildTime: versions["build_time"],
            pythonSDK: versions["python_sdk"], python: versions["python"])
        self.userHealthcheckError = userHealthcheckError
    }

    /// chrono's `to_rfc3339()` for UTC: `2026-11-27T01:24:01.127495298+00:00`, the fraction with
    /// 0, 3, 6 or 9 digits as the nanoseconds need.
    static func rfc3339(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = Int(interval.rounded(.down))
        var nanoseconds = Int(((interval - Double(seconds)) * 1e9).rounded())
        if nanoseconds >= 1_000_000_000 {
            seconds += 1
            nanoseconds -= 1_000_000_000
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var text = "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))"
        if nanoseconds != 0 {
            if nanoseconds % 1_000_000 == 0 {
                text += "." + pad(nanoseconds / 1_000_000, 3)
            } else if nanoseconds % 1000 == 0 {
                text += "." + pad(nanoseconds / 1000, 6)
            } else {
                text += "." + pad(nanoseconds, 9)
            }
        }
        return text + "+00:00"
    }
}

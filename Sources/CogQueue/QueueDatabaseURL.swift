// Reads a postgres:// URL (libpq's form) into postgres-nio's client configuration.
import Foundation
public import PostgresNIO

/// `postgres://user:password@host:port/database?sslmode=disable`, or `postgresql://`; a
/// Unix-socket directory as `?host=/path`. The password is never printed (`redacted`).
public struct QueueDatabaseURL: Sendable, CustomStringConvertible {
    public let username: String
    public let password: String?
    public let host: String
    public let port: Int
    public let database: String
    /// `?host=/dir`: connect through `/dir/.s.PGSQL.<port>`.
    public let socketDirectory: String?
    public let requiresTLS: Bool

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws(Invalid) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw Invalid(description: "--database must be a postgres:// URL (postgres://user:password@host:5432/database), got \(Self.redacted(text))")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        // Each part is %-decoded once; one with an invalid %-escape is refused, not dropped.
        func decoded(_ part: String?, _ name: String) throws(Invalid) -> String? {
            guard let part else { return nil }
            guard let value = part.removingPercentEncoding else {
                throw Invalid(description: "the \(name) in --database has an invalid %-escape (write % as %25)")
            }
            return value
        }
        username = try decoded(components.percentEncodedUser, "user name") ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = try decoded(components.percentEncodedPassword, "password")
        socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = components.port ?? 5432
        let path = components.percentEncodedPath.hasPrefix("/") ? String(components.percentEncodedPath.dropFirst()) : components.percentEncodedPath
        database = try decoded(path, "database name").flatMap { $0.isEmpty ? nil : $0 } ?? username
        switch query["sslmode"] ?? "disable" {
        case "disable", "allow", "prefer": requiresTLS = false
        case "require", "verify-ca", "verify-full": requiresTLS = true
        case let other: throw Invalid(description: "sslmode=\(other) is not one of disable, prefer, require, verify-ca, verify-full")
        }
    }

    /// `?host=/dir`'s socket: `/dir/.s.PGSQL.<port>`, as libpq names it.
    var socketPath: String? { socketDirectory.map { $0 + "/.s.PGSQL.\(port)" } }

    /// The URL with its password replaced by `***`, for messages.
    public var description: String {
        var text = "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
        if let socketDirectory { text += "?host=\(socketDirectory)" }
        return text
    }

    /// The text with any password replaced by `***`; a text that is not a URL at all (a
    /// password with `/` or `#` not %-escaped makes one) is shown only up to its `://`.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text) else {
            guard let separator = text.range(of: "://") else { return "(not a URL)" }
            return text[..<separator.upperBound] + "…"
        }
        guard components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "(a URL)"
    }

    /// postgres-nio's configuration: TLS as `sslmode` asks (`require` verifies the certificate).
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: username, password: password, database: database,
                                  tls: requiresTLS ? .require(.makeClientConfiguration()) : .disable)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// One direct connection's configuration, for `QueueConnection.check`.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: username, password: password, database: database,
                                  tls: requiresTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
        }
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

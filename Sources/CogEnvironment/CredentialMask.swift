// Keeps tokens in index URLs (https://user:TOKEN@host/…) out of every message cog-host prints.
import Foundation

public enum CredentialMask {
    /// `text` with the password (or lone token) of every `scheme://user:password@` replaced by
    /// `****`: `https://__token__:abc@pypi.example/simple` → `https://__token__:****@pypi.example/simple`.
    public static func mask(_ text: String) -> String {
        guard text.contains("://"), text.contains("@") else { return text }
        var result = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0.isWhitespace } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                if let colon = userInfo.firstIndex(of: ":") {
                    result += userInfo[..<colon] + ":****"
                } else {
                    result += "****"
                }
                result += authority[at...]
            } else {
                result += authority
            }
            rest = rest[authorityEnd...]
        }
        return result + rest
    }
}

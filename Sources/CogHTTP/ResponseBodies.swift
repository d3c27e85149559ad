// The small JSON bodies of coglet's HTTP API, as Codable models with Cog's wire keys.
import CogCore

/// Namespaced response models (everything except snapshots and the health document).
enum ResponseBodies {
    /// `{}` (cancel, shutdown).
    struct Empty: Codable, Equatable {}

    /// `{"error": …}` (406, 404/429 of SSE attach, 503 of /openapi.json).
    struct ErrorOnly: Codable, Equatable {
        let error: String
    }

    /// `{"error": …, "status": "failed"}` (409, 503).
    struct FailedStatus: Codable, Equatable {
        let error: String
        var status = "failed"
    }

    /// `{"id": …, "status": "starting"}` (202 of `Prefer: respond-async`).
    struct Accepted: Codable, Equatable {
        let id: String
        var status = "starting"
    }

    /// `{"detail": [{"loc": […], "msg": …, "type": …}]}` (422).
    struct ValidationDetail: Codable, Equatable {
        struct Entry: Codable, Equatable {
            let loc: [String]
            let msg: String
            let type: String
        }

        let detail: [Entry]

        init(inputProblems: [HTTPValidationProblem]) {
            detail = inputProblems.map { Entry(loc: ["body", "input", $0.field], msg: $0.message, type: $0.type) }
        }

        init(field: [String], message: String) {
            detail = [Entry(loc: ["body"] + field, msg: message, type: "value_error")]
        }
    }

    /// `GET /`: the discovery document.
    struct Root: Codable, Equatable {
        let cogVersion: String
        var docsURL = "/docs"
        var healthcheckURL = "/health-check"
        var openapiURL = "/openapi.json"
        var predictionsCancelURL = "/predictions/{prediction_id}/cancel"
        var predictionsIdempotentURL = "/predictions/{prediction_id}"
        var predictionsURL = "/predictions"
        var shutdownURL = "/shutdown"
        var trainingsCancelURL: String?
        var trainingsIdempotentURL: String?
        var trainingsURL: String?

        init(cogVersion: String, hasTrainings: Bool) {
            self.cogVersion = cogVersion
            if hasTrainings {
                trainingsCancelURL = "/trainings/{training_id}/cancel"
                trainingsIdempotentURL = "/trainings/{training_id}"
                trainingsURL = "/trainings"
            }
        }

        enum CodingKeys: String, CodingKey {
            case cogVersion = "cog_version"
            case docsURL = "docs_url"
            case healthcheckURL = "healthcheck_url"
            case openapiURL = "openapi_url"
            case predictionsCancelURL = "predictions_cancel_url"
            case predictionsIdempotentURL = "predictions_idempotent_url"
            case predictionsURL = "predictions_url"
            case shutdownURL = "shutdown_url"
            case trainingsCancelURL = "trainings_cancel_url"
            case trainingsIdempotentURL = "trainings_idempotent_url"
            case trainingsURL = "trainings_url"
        }
    }
}

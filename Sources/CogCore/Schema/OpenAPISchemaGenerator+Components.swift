// The fixed components of Cog's OpenAPI document: request, response, Status, validation errors.

extension OpenAPISchemaGenerator {
    /// `PredictionRequest`/`TrainingRequest`, `…Response`, `Status`, `HTTPValidationError`,
    /// `ValidationError`, in Cog's order (they follow Input, Output and the enum components).
    func fixedComponents(_ names: OpenAPIModeNames) -> [(String, JSONValue)] {
        func field(_ title: String, _ type: String, format: String? = nil) -> JSONValue {
            var members: [String: JSONValue] = ["title": .string(title), "type": .string(type)]
            if let format { members["format"] = .string(format) }
            return .sortedObject(members)
        }
        let request: JSONValue = .sortedObject([
            "title": .string(names.request),
            "type": .string("object"),
            "properties": .sortedObject(["id": field("Id", "string"), "input": Self.reference(names.input)]),
        ])
        let response: JSONValue = .sortedObject([
            "title": .string(names.response),
            "type": .string("object"),
            "properties": .sortedObject([
                "input": Self.reference(names.input),
                "output": Self.reference(names.output),
                "id": field("Id", "string"),
                "version": field("Version", "string"),
                "created_at": field("Created At", "string", format: "date-time"),
                "started_at": field("Started At", "string", format: "date-time"),
                "completed_at": field("Completed At", "string", format: "date-time"),
                "status": field("Status", "string"),
                "error": field("Error", "string"),
                "logs": field("Logs", "string"),
                "metrics": field("Metrics", "object"),
            ]),
        ])
        let status: JSONValue = .sortedObject([
            "title": .string("Status"),
            "description": .string("An enumeration."),
            "enum": .array(["starting", "processing", "succeeded", "canceled", "failed"].map(JSONValue.string)),
            "type": .string("string"),
        ])
        let httpValidationError: JSONValue = .sortedObject([
            "title": .string("HTTPValidationError"),
            "type": .string("object"),
            "properties": .sortedObject([
                "detail": .sortedObject([
                    "title": .string("Detail"),
                    "type": .string("array"),
                    "items": Self.reference("ValidationError"),
                ]),
            ]),
        ])
        let validationError: JSONValue = .sortedObject([
            "title": .string("ValidationError"),
            "required": .array([.string("loc"), .string("msg"), .string("type")]),
            "type": .string("object"),
            "properties": .sortedObject([
                "loc": .sortedObject([
                    "title": .string("Location"),
                    "type": .string("array"),
                    "items": .sortedObject([
                        "anyOf": .array([.sortedObject(["type": .string("string")]), .sortedObject(["type": .string("integer")])]),
                    ]),
                ]),
                "msg": field("Message", "string"),
                "type": field("Error Type", "string"),
            ]),
        ])
        return [
            (names.request, request),
            (names.response, response),
            ("Status", status),
            ("HTTPValidationError", httpValidationError),
            ("ValidationError", validationError),
        ]
    }
}

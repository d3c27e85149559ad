// The `paths` of Cog's OpenAPI document: root, health check, run, cancel.

extension OpenAPISchemaGenerator {
    /// `/`, `/health-check`, the run endpoint and its cancel endpoint, in Cog's order.
    func paths(_ names: OpenAPIModeNames, streaming: Bool) -> JSONValue {
        var operation: [String: JSONValue] = [
            "summary": .string(names.summary),
            "description": .string(names.description),
            "operationId": .string(names.operationId),
            "requestBody": .sortedObject(["content": Self.jsonContent(schema: Self.reference(names.request))]),
            "responses": .sortedObject([
                "200": Self.response("Successful Response", schema: Self.reference(names.response)),
                "422": Self.validationErrorResponse,
            ]),
        ]
        if streaming { operation["x-cog-streaming"] = .bool(true) }

        let cancelParameter: JSONValue = .sortedObject([
            "in": .string("path"),
            "name": .string(names.cancelParameter),
            "required": .bool(true),
            "schema": .sortedObject(["title": .string(Self.titleCase(names.cancelParameter)), "type": .string("string")]),
        ])

        return .object([
            ("/", Self.getOperation(summary: "Root", operationId: "root__get")),
            ("/health-check", Self.getOperation(summary: "Healthcheck", operationId: "healthcheck_health_check_get")),
            (names.endpoint, .sortedObject(["post": .sortedObject(operation)])),
            (names.cancelEndpoint, .sortedObject(["post": .sortedObject([
                "summary": .string("Cancel"),
                "operationId": .string(names.cancelOperationId),
                "parameters": .array([cancelParameter]),
                "responses": .sortedObject([
                    "200": Self.response("Successful Response", schema: .object([])),
                    "422": Self.validationErrorResponse,
                ]),
            ])])),
        ])
    }

    private static func getOperation(summary: String, operationId: String) -> JSONValue {
        .sortedObject(["get": .sortedObject([
            "summary": .string(summary),
            "operationId": .string(operationId),
            "responses": .sortedObject(["200": response("Successful Response", schema: .object([]))]),
        ])])
    }

    private static var validationErrorResponse: JSONValue {
        response("Validation Error", schema: reference("HTTPValidationError"))
    }

    private static func response(_ description: String, schema: JSONValue) -> JSONValue {
        .sortedObject(["description": .string(description), "content": jsonContent(schema: schema)])
    }

    private static func jsonContent(schema: JSONValue) -> JSONValue {
        .sortedObject(["application/json": .sortedObject(["schema": schema])])
    }

    /// `{"$ref": "#/components/schemas/<name>"}`.
    static func reference(_ component: String) -> JSONValue {
        .object([("$ref", .string("#/components/schemas/" + component))])
    }
}

import Foundation
import HubKit
import Hummingbird

/// Categories and who is responsible for them where; changes keep their history.
public struct CatalogueRoutes: Sendable {
    let desk: CaseDesk

    public init(desk: CaseDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/api/v1/case-categories", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Problem categories (components 部件 and events 事件) with limits", tag: "categories",
                         response: "CategoryList"), categories)
        hub.add(Endpoint(.get, "/api/v1/case-categories/:code", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "One category", tag: "categories", response: "Category"), category)
        hub.add(Endpoint(.put, "/api/v1/case-categories/:code", access: .roles(.admin, .dispatcher),
                         summary: "Create a category (no version) or change one (its current version), with a reason",
                         tag: "categories", request: "CategoryInput", response: "Category"), setCategory)
        hub.add(Endpoint(.get, "/api/v1/case-categories/:code/history", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Every change of one category, oldest first", tag: "categories", response: "EventList"),
                categoryHistory)
        hub.add(Endpoint(.get, "/api/v1/responsibility", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Responsibility rules (street or grid × category → department)", tag: "categories",
                         response: "ResponsibilityList",
                         query: [QueryParameter("category", "string", "Only this category"),
                                 QueryParameter("grid", "string", "Resolve: who answers for this grid (needs category)")]),
                rules)
        hub.add(Endpoint(.put, "/api/v1/responsibility", access: .roles(.admin, .dispatcher),
                         summary: "Set or clear (department null) one responsibility rule, with a reason", tag: "categories",
                         request: "ResponsibilityInput", response: "ResponsibilityList"), setRule)
        hub.add(Endpoint(.get, "/api/v1/responsibility/history", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Every change of one rule", tag: "categories", response: "ResponsibilityList",
                         query: [QueryParameter("scope", "string", "street | grid", required: true),
                                 QueryParameter("code", "string", "Street or grid code", required: true),
                                 QueryParameter("category", "string", "Category code", required: true)]),
                history)
    }

    struct Items<T: Codable & Sendable>: ResponseEncodable, Sendable { var items: [T] }

    struct Resolution: Codable, Sendable {
        var grid: String
        var category: String
        var department: String?
    }

    struct CategoryInput: Decodable, Sendable {
        var category: Category
        /// The version being replaced; absent to create a new category.
        var version: Int?
        var reason: String
    }

    struct RuleInput: Decodable, Sendable {
        var scope: ResponsibilityRule.Scope
        var code: String
        var category: String
        var department: String?
        var reason: String
    }

    @Sendable func categories(_ request: Request, context: HubRequestContext) async throws -> Items<Category> {
        Items(items: desk.catalogue.categories)
    }

    @Sendable func category(_ request: Request, context: HubRequestContext) async throws -> Items<Category> {
        let raw = try context.parameters.require("code")
        guard let code = CategoryCode(rawValue: raw), let category = desk.catalogue.category(code) else {
            throw CaseProblem.unknownCategory(raw)
        }
        return Items(items: [category])
    }

    @Sendable func setCategory(_ request: Request, context: HubRequestContext) async throws -> Category {
        let principal = try context.requirePrincipal()
        let raw = try context.parameters.require("code")
        guard let code = CategoryCode(rawValue: raw) else {
            throw InputProblem.invalidField(field: "code", reason: "C 或 E 加 4 位数字 / C or E and 4 digits")
        }
        let input = try await request.decodeJSON(as: CategoryInput.self, context: context)
        let faults = CatalogueEdits.faults(of: input.category, at: code)
        guard faults.isEmpty else { throw CaseProblem.invalidCategory(faults) }
        let reason = try Reason.required(input.reason, for: "category change")
        if input.version != nil, desk.catalogue.category(code) == nil { throw CaseProblem.unknownCategory(raw) }
        let now = desk.clock.now()
        let stored = try await desk.store.database.write { tx in
            try await desk.catalogue.setCategory(input.category, expecting: input.version, reason: reason, by: principal.actor,
                                                 at: now, clock: desk.clock, in: tx)
        }
        try await desk.catalogue.reload()
        return stored
    }

    @Sendable func categoryHistory(_ request: Request, context: HubRequestContext) async throws -> EventList {
        let raw = try context.parameters.require("code")
        guard let code = CategoryCode(rawValue: raw) else { throw CaseProblem.unknownCategory(raw) }
        return EventList(items: try await desk.store.database.read { sql in
            try await Journal.events(subject: "category:\(code)", on: sql)
        })
    }

    @Sendable func rules(_ request: Request, context: HubRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let category = try query["category"].map { raw -> CategoryCode in
            guard let code = CategoryCode(rawValue: String(raw)) else { throw CaseProblem.unknownCategory(String(raw)) }
            return code
        }
        if let rawGrid = query["grid"] {
            guard let grid = GridCode(rawValue: String(rawGrid)) else { throw InputProblem.invalidField(field: "grid", reason: "15 digits") }
            guard let category else { throw CaseProblem.missingFields(["category"]) }
            let answer = Resolution(grid: grid.rawValue, category: category.rawValue,
                                    department: desk.catalogue.responsible(grid: grid, category: category)?.rawValue)
            return try context.responseEncoder.encode(Items(items: [answer]), from: request, context: context)
        }
        return try context.responseEncoder.encode(Items(items: try await desk.catalogue.rules(category: category)),
                                                  from: request, context: context)
    }

    @Sendable func setRule(_ request: Request, context: HubRequestContext) async throws -> Items<ResponsibilityChange> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: RuleInput.self, context: context)
        guard let category = CategoryCode(rawValue: input.category), desk.catalogue.category(category) != nil else {
            throw CaseProblem.unknownCategory(input.category)
        }
        let validCode = input.scope == .grid ? GridCode(rawValue: input.code) != nil : StreetCode(rawValue: input.code) != nil
        guard validCode else {
            throw InputProblem.invalidField(field: "code", reason: input.scope == .grid ? "15 位网格编码 / a 15-digit grid code" : "9 位街道编码 / a 9-digit street code")
        }
        let department = try input.department.map { raw -> DepartmentID in
            guard let id = DepartmentID(rawValue: raw) else { throw InputProblem.invalidField(field: "department", reason: "a department id") }
            return id
        }
        if let department, !(try await desk.departmentExists(department)) {
            throw InputProblem.invalidField(field: "department", reason: "没有部门 \(department) / no department \(department)")
        }
        let reason = try Reason.required(input.reason, for: "responsibility change")
        let now = desk.clock.now()
        let change = try await desk.store.database.write { tx in
            try await desk.catalogue.setRule(scope: input.scope, code: input.code, category: category, department: department,
                                             reason: reason, by: principal.actor, at: now, clock: desk.clock, in: tx)
        }
        try await desk.catalogue.reload()
        return Items(items: [change])
    }

    @Sendable func history(_ request: Request, context: HubRequestContext) async throws -> Items<ResponsibilityChange> {
        let query = request.uri.queryParameters
        guard let rawScope = query["scope"], let scope = ResponsibilityRule.Scope(rawValue: String(rawScope)) else {
            throw CaseProblem.missingFields(["scope (street | grid)"])
        }
        guard let code = query["code"], let rawCategory = query["category"] else { throw CaseProblem.missingFields(["code", "category"]) }
        guard let category = CategoryCode(rawValue: String(rawCategory)) else { throw CaseProblem.unknownCategory(String(rawCategory)) }
        return Items(items: try await desk.catalogue.history(scope: scope, code: String(code), category: category))
    }
}

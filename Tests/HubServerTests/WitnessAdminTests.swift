import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// Administrators manage the logs the hub witnesses and the witnesses of its own ledger; every change is a
/// journal event; dispatchers may read; everyone else is refused.
@Suite struct WitnessAdminTests {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test(arguments: TestDatabases.engines)
    func trustedLogs_areManagedByAdmins_andJournaled(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let log = try TestLog(origin: "other.example/log")
        let rotated = try TestLog(origin: "other.example/log")
        let id = TrustedLog.originHash(log.origin)
        let head = try await hub.journalHead()
        try await hub.run { client in
            let input = #"{"origin":"\#(log.origin)","keys":["\#(log.key.text)"]}"#
            try await client.execute(uri: "/api/v1/witness/logs", method: .post, headers: .json(admin), body: Self.json(input)) { response in
                #expect(response.status == .created)
                let view = try response.json(TrustedLogView.self)
                #expect(view.id == id && view.origin == log.origin && view.keys == [log.key.text] && view.cosignedSize == nil)
            }
            try await client.execute(uri: "/api/v1/witness/logs", method: .post, headers: .json(admin), body: Self.json(input)) { response in
                #expect(response.status == .conflict)
            }
            for (body, field) in [(#"{"origin":"","keys":["\#(log.key.text)"]}"#, "origin"),
                                  (#"{"origin":"a\nb","keys":["\#(log.key.text)"]}"#, "origin"),
                                  (#"{"origin":"x.example/log","keys":[]}"#, "keys"),
                                  (#"{"origin":"x.example/log","keys":["nonsense"]}"#, "keys[0]"),
                                  (#"{"origin":"x.example/log","keys":["\#(hub.services.witness.cosigner.verifierKey.text)"]}"#, "keys[0]")] {
                try await client.execute(uri: "/api/v1/witness/logs", method: .post, headers: .json(admin), body: Self.json(body)) { response in
                    #expect(response.status.code == 422, "\(body)")
                    #expect(response.problem?.code == "INVALID_FIELD" && String(buffer: response.body).contains(field), "\(body)")
                }
            }
            try await client.execute(uri: "/api/v1/witness/logs/\(id)", method: .put, headers: .json(admin),
                                     body: Self.json(#"{"keys":["\#(log.key.text)","\#(rotated.key.text)"]}"#)) { response in
                #expect(response.status == .ok)
                let view = try response.json(TrustedLogView.self)
                #expect(view.keys == [log.key.text, rotated.key.text])
            }
            // The rotated key is trusted at once: a checkpoint it alone signed is cosigned.
            let note = try rotated.note(size: 0)
            let cosigned = try await client.executeRequest(uri: "/witness/add-checkpoint", method: .post, headers: [:],
                                                           body: ByteBuffer(string: "old 0\n\n" + note.serialized))
            #expect(cosigned.status == .ok)
            try await client.execute(uri: "/api/v1/witness/logs", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(response.status == .ok)
                let list = try response.json(TrustedLogList.self)
                #expect(list.witnessKey == hub.services.witness.cosigner.verifierKey.text)
                #expect(list.items.map(\.origin) == [log.origin] && list.items.first?.cosignedSize == 0)
            }
            try await client.execute(uri: "/api/v1/witness/logs/\(id)", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/witness/logs/\(id)", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/witness/logs/\(id)", method: .put, headers: .json(admin),
                                     body: Self.json(#"{"keys":["\#(log.key.text)"]}"#)) { response in
                #expect(response.status == .notFound)
            }
            // No longer witnessed: 404; the last cosigned checkpoint is still served to monitors.
            let refused = try await client.executeRequest(uri: "/witness/add-checkpoint", method: .post, headers: [:],
                                                          body: ByteBuffer(string: "old 0\n\n" + note.serialized))
            #expect(refused.status == .notFound && refused.problem?.code == "UNKNOWN_LOG")
            try await client.execute(uri: "/witness/\(id)/checkpoint", method: .get) { response in #expect(response.status == .ok) }
            let events = try await hub.services.database.read { sql in try await Journal.events(after: head, limit: 100, on: sql) }
            #expect(events.map(\.kind) == ["witness.log_trusted", "witness.log_keys_changed", "witness.log_removed"])
            #expect(events.allSatisfy { $0.subject == "witness-log:\(log.origin)" && $0.actor.hasPrefix("user:") })
        }
    }

    @Test(arguments: TestDatabases.engines)
    func ledgerWitnesses_areManagedByAdmins_andJournaled(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let witness = try Cosigner(name: "other.example/witness", privateKey: .init())
        let renamed = try Cosigner(name: "renamed.example/witness", privateKey: .init())
        let id = LedgerWitness.id(witness.name)
        let head = try await hub.journalHead()
        try await hub.run { client in
            let input = #"{"key":"\#(witness.verifierKey.text)","url":"https://hub.other.example/witness/"}"#
            try await client.execute(uri: "/api/v1/ledger/witnesses", method: .post, headers: .json(admin), body: Self.json(input)) { response in
                #expect(response.status == .created)
                let view = try response.json(LedgerWitnessView.self)
                #expect(view.id == id && view.name == witness.name && view.url == "https://hub.other.example/witness" && view.knownSize == 0)
            }
            try await client.execute(uri: "/api/v1/ledger/witnesses", method: .post, headers: .json(admin), body: Self.json(input)) { response in
                #expect(response.status == .conflict)
            }
            let logKey = hub.services.ledger.signer.verifierKey.text
            for (body, field) in [(#"{"key":"\#(logKey)","url":"https://x.example/witness"}"#, "key"),
                                  (#"{"key":"nonsense","url":"https://x.example/witness"}"#, "key"),
                                  (#"{"key":"\#(renamed.verifierKey.text)","url":"ftp://x.example/witness"}"#, "url"),
                                  (#"{"key":"\#(renamed.verifierKey.text)","url":"https://x.example/witness?a=1"}"#, "url"),
                                  (#"{"key":"\#(renamed.verifierKey.text)","url":"witness"}"#, "url")] {
                try await client.execute(uri: "/api/v1/ledger/witnesses", method: .post, headers: .json(admin), body: Self.json(body)) { response in
                    #expect(response.status.code == 422, "\(body)")
                    #expect(response.problem?.code == "INVALID_FIELD" && String(buffer: response.body).contains(field), "\(body)")
                }
            }
            try await client.execute(uri: "/api/v1/ledger/witnesses/\(id)", method: .put, headers: .json(admin),
                                     body: Self.json(#"{"key":"\#(renamed.verifierKey.text)","url":"https://x.example/witness"}"#)) { response in
                #expect(response.status.code == 422)
            }
            try await client.execute(uri: "/api/v1/ledger/witnesses/\(id)", method: .put, headers: .json(admin),
                                     body: Self.json(#"{"key":"\#(witness.verifierKey.text)","url":"http://127.0.0.2:8080/witness"}"#)) { response in
                let view = try response.json(LedgerWitnessView.self)
                #expect(response.status == .ok && view.url == "http://127.0.0.2:8080/witness")
            }
            try await client.execute(uri: "/api/v1/ledger/witnesses", method: .get, headers: .bearer(dispatcher)) { response in
                let list = try response.json(LedgerWitnessList.self)
                #expect(list.origin == "cityhub.local/ledger" && list.logKey == logKey && list.items.map(\.name) == [witness.name])
            }
            try await client.execute(uri: "/api/v1/ledger/witnesses/\(id)", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/ledger/witnesses/\(id)", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.status == .notFound)
            }
            let events = try await hub.services.database.read { sql in try await Journal.events(after: head, limit: 100, on: sql) }
            #expect(events.map(\.kind) == ["ledger.witness_added", "ledger.witness_changed", "ledger.witness_removed"])
            #expect(events.allSatisfy { $0.subject == "ledger-witness:\(witness.name)" })
        }
    }

    /// Dispatchers read, department people and viewers do not, nobody but an admin changes anything, and a
    /// refused request journals nothing.
    @Test(arguments: TestDatabases.engines)
    func witnessAdministration_isRefusedToOthers(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let roads = try await hub.signIn("roads1", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
        let head = try await hub.signIn("roadshead", role: .departmentHead, department: DepartmentID(rawValue: "roads"))
        let witness = try Cosigner(name: "other.example/witness", privateKey: .init())
        let log = try TestLog(origin: "other.example/log")
        let journal = try await hub.journalHead()
        let writes: [(String, HTTPRequest.Method, String)] = [
            ("/api/v1/witness/logs", .post, #"{"origin":"\#(log.origin)","keys":["\#(log.key.text)"]}"#),
            ("/api/v1/witness/logs/\(TrustedLog.originHash(log.origin))", .put, #"{"keys":["\#(log.key.text)"]}"#),
            ("/api/v1/witness/logs/\(TrustedLog.originHash(log.origin))", .delete, ""),
            ("/api/v1/ledger/witnesses", .post, #"{"key":"\#(witness.verifierKey.text)","url":"https://x.example/witness"}"#),
            ("/api/v1/ledger/witnesses/\(LedgerWitness.id(witness.name))", .put, #"{"key":"\#(witness.verifierKey.text)","url":"https://x.example/witness"}"#),
            ("/api/v1/ledger/witnesses/\(LedgerWitness.id(witness.name))", .delete, ""),
        ]
        let reads = ["/api/v1/witness/logs", "/api/v1/witness/evidence", "/api/v1/ledger/witnesses"]
        try await hub.run { client in
            for (path, method, body) in writes {
                for token in [dispatcher, roads, head] {
                    try await client.execute(uri: path, method: method, headers: .json(token), body: Self.json(body)) { response in
                        #expect(response.status == .forbidden, "\(method) \(path)")
                        #expect(response.problem?.code == "FORBIDDEN_ROLE")
                    }
                }
                try await client.execute(uri: path, method: method, headers: [.contentType: "application/json"], body: Self.json(body)) { response in
                    #expect(response.status == .unauthorized, "anonymous \(method) \(path)")
                }
            }
            for path in reads {
                try await client.execute(uri: path, method: .get, headers: .bearer(dispatcher)) { response in
                    #expect(response.status == .ok, "dispatcher \(path)")
                }
                for token in [roads, head] {
                    try await client.execute(uri: path, method: .get, headers: .bearer(token)) { response in
                        #expect(response.status == .forbidden, "\(path)")
                    }
                }
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "anonymous \(path)")
                }
            }
            #expect(try await hub.journalHead() == journal)
        }
    }
}

/// `ledger.witness_name`: a default, set by environment or flag, and refused when it could not name a key or
/// would be the log's own name.
@Suite struct WitnessConfigurationTests {
    static let dataDirectory = TestDatabases.scratchFolder.appendingPathComponent("config-\(UUID().uuidString)").path

    @Test func witnessName_hasADefault_andComesFromTheEnvironment() throws {
        let flags = ["data.dir": Self.dataDirectory]
        #expect(try HubConfiguration.load(flags: flags, environment: [:]).witnessName == "cityhub.local/witness")
        let configured = try HubConfiguration.load(flags: flags, environment: ["CITYHUB_LEDGER_WITNESS_NAME": "north.example/witness"])
        #expect(configured.witnessName == "north.example/witness")
        #expect(configured.witnessKeyPath == Self.dataDirectory + "/ledger/witness.key")
    }

    @Test(arguments: ["two words", "a+b", "", "cityhub.local/ledger"])
    func badWitnessNames_areRefused_namingTheKey(name: String) {
        #expect {
            try HubConfiguration.load(flags: ["data.dir": Self.dataDirectory, "ledger.witness_name": name], environment: [:])
        } throws: { error in
            (error as? ConfigurationProblem).map { "\($0.message.en)".contains("ledger.witness_name") } ?? false
        }
    }
}

import Foundation
import HubKit
import Hummingbird

/// Photo upload (the raw image as the body) and download, by SHA-256.
public struct PhotoRoutes: Sendable {
    let desk: CaseDesk

    public init(desk: CaseDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        var upload = Endpoint(.post, "/api/v1/photos", access: .roles(.admin, .dispatcher, .inspector, .departmentOperator, .departmentHead,
                                                                       apiKeyScope: "cases:report"),
                              summary: "Upload a JPEG, PNG or WebP (≤ 10 MiB, recognised by content); returns its SHA-256 and EXIF",
                              tag: "photos", request: "Binary", response: "Photo", status: 201)
        upload.requestMediaType = "image/jpeg"
        hub.add(upload, upload(_:context:))
        hub.add(Endpoint(.get, "/api/v1/photos/:sha256", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "A photo's metadata", tag: "photos", response: "Photo"), metadata)
        var content = Endpoint(.get, "/api/v1/photos/:sha256/content", access: .signedIn(apiKeyScope: "cases:read"),
                               summary: "A photo's bytes", tag: "photos", response: "Binary")
        content.responseMediaType = "image/jpeg"
        hub.add(content, content(_:context:))
    }

    struct PhotoView: ResponseEncodable, Sendable {
        var photo: StoredPhoto
        enum CodingKeys: CodingKey {}
        func encode(to encoder: any Encoder) throws { try photo.encode(to: encoder) }
    }

    @Sendable func upload(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<PhotoView> {
        let principal = try context.requirePrincipal()
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: PhotoInspector.maximumBytes)
        } catch {
            throw PhotoProblem.tooLarge(limit: PhotoInspector.maximumBytes)
        }
        let photo = try await desk.photos.save(Data(buffer: buffer), by: principal.actor, at: desk.clock.now())
        return JSONResponse(PhotoView(photo: photo), status: .created)
    }

    @Sendable func metadata(_ request: Request, context: HubRequestContext) async throws -> PhotoView {
        let sha = try context.parameters.require("sha256").lowercased()
        guard let photo = try await desk.photos.photo(sha) else { throw InputProblem.notFound(what: "photo \(sha)") }
        return PhotoView(photo: photo)
    }

    @Sendable func content(_ request: Request, context: HubRequestContext) async throws -> Response {
        let sha = try context.parameters.require("sha256").lowercased()
        guard let (data, mediaType) = desk.photos.contents(sha) else { throw InputProblem.notFound(what: "photo \(sha)") }
        return Response(status: .ok, headers: [.contentType: mediaType, .cacheControl: "private, max-age=31536000, immutable"],
                        body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

import Foundation
import HubKit
import Hummingbird
import Logging

/// Turns every error into an RFC 9457 `application/problem+json` response with a stable `code`, in the
/// caller's language, and logs server errors (5xx) at critical with their request id.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.language = Language.negotiate(request.headers[.acceptLanguage])
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error)
            if problem.status >= 500 {
                context.logger.critical("server error", metadata: [
                    "request.id": "\(context.requestID)", "path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            }
            return Self.response(problem, path: request.uri.path, requestID: context.requestID, language: context.language)
        }
    }

    static func problem(for error: any Error) -> any HubProblem {
        switch error {
        case let problem as any HubProblem:
            return problem
        case let httpError as HTTPError:
            return HTTPProblem(status: Int(httpError.status.code), reason: httpError.body)
        default:
            if DatabaseFailure.isUniqueViolation(error) { return InputProblem.conflict("unique") }
            return GenericProblem(code: "INTERNAL_ERROR", status: 500, zh: "服务器内部错误，已记录。请稍后重试或联系管理员。",
                                  en: "Internal server error; it has been logged. Try again later or contact an administrator.")
        }
    }

    static func response(_ problem: any HubProblem, path: String, requestID: String, language: Language) -> Response {
        var document: [String: ProblemValue] = problem.extensions
        document["type"] = .string("/problems/\(problem.code)")
        document["title"] = .string(ProblemTitle.text(status: problem.status, language: language))
        document["detail"] = .string(problem.message.text(in: language))
        document["code"] = .string(problem.code)
        document["instance"] = .string(path)
        document["requestId"] = .string(requestID)
        document["status"] = .int(problem.status)
        let body = (try? CanonicalJSON.encode(document)) ?? #"{"code":"INTERNAL_ERROR","status":500}"#
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if case .int(let retry)? = problem.extensions["retryAfter"] {
            headers[.retryAfter] = String(retry)
        }
        if problem.status == 401 {
            headers[.wwwAuthenticate] = #"Bearer realm="cityhub""#
        }
        return Response(status: .init(code: problem.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Errors raised by the framework itself (unknown route, body too large, …) as problems.
struct HTTPProblem: HubProblem {
    let status: Int
    let reason: String?

    var code: String {
        switch status {
        case 404: "NOT_FOUND"
        case 405: "METHOD_NOT_ALLOWED"
        case 413: "PAYLOAD_TOO_LARGE"
        case 415: "UNSUPPORTED_MEDIA_TYPE"
        case 400..<500: "BAD_REQUEST"
        default: "INTERNAL_ERROR"
        }
    }

    var message: LocalizedText {
        switch status {
        case 404: LocalizedText(zh: "没有这个地址。", en: "There is nothing at this address.")
        case 405: LocalizedText(zh: "此地址不支持该请求方法。", en: "This address does not accept this method.")
        case 413: LocalizedText(zh: "请求内容过大。", en: "The request body is too large.")
        default: LocalizedText(zh: "请求无法处理：\(reason ?? "")", en: "The request cannot be handled: \(reason ?? "")")
        }
    }
}

/// Short titles for the status codes the hub uses (RFC 9457 `title`).
enum ProblemTitle {
    static func text(status: Int, language: Language) -> String {
        let pair: (String, String) = switch status {
        case 400: ("请求格式错误", "Bad request")
        case 401: ("未登录或登录已失效", "Unauthorized")
        case 403: ("无权操作", "Forbidden")
        case 404: ("未找到", "Not found")
        case 405: ("方法不允许", "Method not allowed")
        case 409: ("冲突", "Conflict")
        case 413: ("内容过大", "Payload too large")
        case 415: ("不支持的内容类型", "Unsupported media type")
        case 422: ("内容无法处理", "Unprocessable content")
        case 429: ("请求过于频繁", "Too many requests")
        case 503: ("服务暂不可用", "Service unavailable")
        default: status >= 500 ? ("服务器错误", "Server error") : ("请求错误", "Client error")
        }
        return language == .en ? pair.1 : pair.0
    }
}

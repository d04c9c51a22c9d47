import HTTPTypes
import Hummingbird

extension Response {
    /// A response whose body is `text`: a signed note, a proof, CAP XML, a CSV file.
    public static func text(_ text: String, type: String = "text/plain; charset=utf-8", status: HTTPResponse.Status = .ok,
                            headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = type
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

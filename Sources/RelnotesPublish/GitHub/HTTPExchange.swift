import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request and its answer, on a `URLSession` of its own that never follows a redirect
/// (the client decides, see ``TokenScope``), never reads more than `limit` bytes of body, and
/// gives up after `timeout` seconds in all, however slowly the server trickles.
enum HTTPExchange {
    enum Failure: Error, Equatable {
        /// The body (or its announced `Content-Length`) passed the limit.
        case tooLarge
        /// No complete answer within the time given.
        case timedOut
        /// The task was cancelled.
        case cancelled
        /// The network failed; `code` is URLError's.
        case transport(code: Int)
    }

    static func perform(_ request: URLRequest, limit: Int, timeout: Double) async -> Result<(Data, HTTPURLResponse), Failure> {
        let seconds = min(max(timeout, 0.001), WaitHeaders.longest)
        // FoundationNetworking on Linux times out at once when given less than a second; its
        // own timeouts are only a backstop (whole seconds, one more), the timer below is exact.
        let backstop = seconds.rounded(.up) + 1
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let collector = Collector(limit: limit)
        let session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
        // Every early end (timer, too large, cancelled) has cancelled the task already: let the
        // session end once the task has. `invalidateAndCancel()` here cancelled it a second
        // time while its cancellation was still running, and FoundationNetworking then stopped
        // the process ("a task that is not in the registry").
        defer { session.finishTasksAndInvalidate() }
        var request = request
        request.timeoutInterval = backstop
        let task = session.dataTask(with: request)
        let timer = DispatchWorkItem { [weak task] in
            // The outcome first: the cancellation's own "cancelled" must not be taken for it.
            collector.finish(.failure(.timedOut))
            task?.cancel()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if collector.start(continuation) { task.resume() } else { task.cancel() }
            }
        } onCancel: {
            collector.finish(.failure(.cancelled))
            task.cancel()
        }
    }

    /// Gathers one task's answer and resumes the waiting caller exactly once: with the answer,
    /// or with the first failure (too large, timed out, cancelled).
    ///
    /// `@unchecked Sendable`: URLSession calls the delegate on its own queue while the timer and
    /// the cancellation handler call ``finish(_:)`` from other threads; every stored property is
    /// read and written only with `lock` held, and the continuation is taken out under the lock
    /// before it is resumed, so it is resumed once.
    final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        private let lock = NSLock()
        private let limit: Int
        private var body = Data()
        private var continuation: CheckedContinuation<Result<(Data, HTTPURLResponse), Failure>, Never>?
        private var outcome: Result<(Data, HTTPURLResponse), Failure>?

        init(limit: Int) {
            self.limit = limit
        }

        /// Stores the continuation; `false` (and resumed) when the exchange already ended.
        func start(_ continuation: CheckedContinuation<Result<(Data, HTTPURLResponse), Failure>, Never>) -> Bool {
            lock.lock()
            if let outcome {
                lock.unlock()
                continuation.resume(returning: outcome)
                return false
            }
            self.continuation = continuation
            lock.unlock()
            return true
        }

        func finish(_ result: Result<(Data, HTTPURLResponse), Failure>) {
            lock.lock()
            guard outcome == nil else {
                lock.unlock()
                return
            }
            outcome = result
            let waiting = continuation
            continuation = nil
            body = Data()
            lock.unlock()
            waiting?.resume(returning: result)
        }

        private var isFinished: Bool {
            lock.lock()
            defer { lock.unlock() }
            return outcome != nil
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            // Never follow: the 3xx itself is the answer, and the client decides where the
            // token may go.
            completionHandler(nil)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse, completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
            if response.expectedContentLength > Int64(limit) {
                finish(.failure(.tooLarge))
                completionHandler(.cancel)
                return
            }
            completionHandler(isFinished ? .cancel : .allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            lock.lock()
            guard outcome == nil else {
                lock.unlock()
                return
            }
            let tooLarge = body.count + data.count > limit
            if !tooLarge { body.append(data) }
            lock.unlock()
            if tooLarge {
                finish(.failure(.tooLarge))
                dataTask.cancel()
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            if let error {
                let code = (error as? URLError)?.code.rawValue ?? (error as NSError).code
                if code == URLError.timedOut.rawValue {
                    finish(.failure(.timedOut))
                } else if code == URLError.cancelled.rawValue {
                    finish(.failure(.cancelled))
                } else {
                    finish(.failure(.transport(code: code)))
                }
                return
            }
            guard let response = task.response as? HTTPURLResponse else {
                finish(.failure(.transport(code: URLError.badServerResponse.rawValue)))
                return
            }
            lock.lock()
            let data = body
            lock.unlock()
            finish(.success((data, response)))
        }
    }
}

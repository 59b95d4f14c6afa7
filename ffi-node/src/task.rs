//! Running a call on the libuv thread pool: [`run`] wraps a job into an `AsyncTask` whose
//! promise resolves to the converted result or rejects with an `Error` carrying the core's
//! `code`. A panic inside the job rejects with `MEDCORE_PANIC`.

use crate::errors;
use napi::bindgen_prelude::{AsyncTask, JsObjectValue, JsValue, ToNapiValue, TypeName};
use napi::{Env, Task};

/// A failed job: the core's stable code and the message.
pub(crate) type Failure = (String, String);

/// A job's result, carried from the worker thread to the JS thread.
pub(crate) type Outcome<O> = std::result::Result<O, Failure>;

/// The failure for a core error with this code and message.
pub(crate) fn failure(code: &str, message: impl Into<String>) -> Failure {
    (code.to_string(), message.into())
}

type Job<O> = Box<dyn FnOnce() -> Outcome<O> + Send>;

/// A job run off the JS thread, and the conversion of its output into a JS value.
pub struct Work<O: Send + 'static, J: ToNapiValue + TypeName> {
    job: Option<Job<O>>,
    finish: fn(O) -> J,
}

/// Wraps `job` (run on the thread pool) and `finish` (run on the JS thread) into a task.
pub(crate) fn run<O, J>(
    job: impl FnOnce() -> Outcome<O> + Send + 'static,
    finish: fn(O) -> J,
) -> AsyncTask<Work<O, J>>
where
    O: Send + 'static,
    J: ToNapiValue + TypeName,
{
    AsyncTask::new(Work {
        job: Some(Box::new(job)),
        finish,
    })
}

impl<O: Send + 'static, J: ToNapiValue + TypeName> Task for Work<O, J> {
    type Output = Outcome<O>;
    type JsValue = J;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let Some(job) = self.job.take() else {
            return Ok(Err(failure(errors::PANIC_CODE, "task ran twice")));
        };
        Ok(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))
            .unwrap_or_else(|p| Err((errors::PANIC_CODE.to_string(), errors::panic_message(p)))))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(o) => Ok((self.finish)(o)),
            Err((code, message)) => {
                let mut err =
                    env.create_error(napi::Error::new(napi::Status::GenericFailure, message))?;
                err.set_named_property("code", code)?;
                Err(napi::Error::from(err.to_unknown()))
            }
        }
    }
}

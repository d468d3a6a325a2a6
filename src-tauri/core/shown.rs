//! Option ids as a page sees them. A page never learns an option's index in
//! the bank (the shipped keys lean on the first option and on prefixes such
//! as AB, ABC): every option id it receives is the option's display position
//! in that person's shuffled order, and the backend maps positions back
//! through the order it stored. `order[p]` is the bank index of the option
//! shown at position `p`.

use super::grading::Response;

/// A page's response (display positions) in bank indices, or `None` when a
/// position is not on the page (a crafted payload). Keys come back sorted and
/// without repeats, so grading sees each option once.
pub fn to_bank(order: &[u8], response: &Response) -> Option<Response> {
    match response {
        Response::Choice { keys } => {
            let mut bank = keys.iter().map(|&p| order.get(p as usize).copied()).collect::<Option<Vec<u8>>>()?;
            bank.sort_unstable();
            bank.dedup();
            Some(Response::Choice { keys: bank })
        }
        other => Some(other.clone()),
    }
}

/// Bank indices as display positions (sorted), for answers and keys shown
/// back to the person who saw `order`. Indices not in `order` are dropped.
pub fn keys_to_shown(order: &[u8], keys: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> =
        keys.iter().filter_map(|k| order.iter().position(|o| o == k).and_then(|p| u8::try_from(p).ok())).collect();
    out.sort_unstable();
    out
}

/// A stored response (bank indices) as the person who saw `order` gave it.
pub fn response_to_shown(order: &[u8], response: &Response) -> Response {
    match response {
        Response::Choice { keys } => Response::Choice { keys: keys_to_shown(order, keys) },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects "option ids say nothing": position 0 means whatever the
    /// person saw first, and the mapping is undone exactly.
    #[test]
    fn positions_map_to_bank_indices_and_back() {
        let order = [2u8, 0, 3, 1];
        let given = Response::Choice { keys: vec![1, 0] };
        let bank = to_bank(&order, &given).expect("on the page");
        assert_eq!(bank, Response::Choice { keys: vec![0, 2] });
        assert_eq!(response_to_shown(&order, &bank), Response::Choice { keys: vec![0, 1] });
        assert_eq!(keys_to_shown(&order, &[1]), vec![3]);
    }

    /// A position that was never shown is refused, not clamped or panicked on.
    #[test]
    fn a_position_off_the_page_is_refused_and_repeats_collapse() {
        let order = [1u8, 0];
        assert_eq!(to_bank(&order, &Response::Choice { keys: vec![2] }), None);
        assert_eq!(to_bank(&order, &Response::Choice { keys: vec![255] }), None);
        assert_eq!(to_bank(&order, &Response::Choice { keys: vec![0, 0] }), Some(Response::Choice { keys: vec![1] }));
        let judge = Response::Judge { value: true };
        assert_eq!(to_bank(&[], &judge), Some(judge));
    }
}
